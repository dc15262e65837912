/**
 * Performance monitoring: event-loop lag by timer drift, heap-trend leak
 * detection (`HeapGrowth` alerts), the slow-query log, and process/host
 * figures. The metrics in `api/metrics` read from here.
 *
 * @example
 * ```ts
 * import { heapTrend } from "./mod.ts";
 * const samples = Array.from({ length: 60 }, (_, i) => ({ at: i * 30_000, bytes: 80e6 + i * 2e6 }));
 * heapTrend(samples, 59 * 30_000)?.growing; // true: 4 MB a minute, a straight line
 * ```
 *
 * @module
 */
export * from "./event_loop_lag.ts";
export * from "./heap_trend.ts";
export * from "./heap_watch.ts";
export * from "./performance_monitor.ts";
export * from "./slow_queries.ts";
export * from "./system_stats.ts";
