/**
 * Prometheus metrics of the whole system: HTTP, business (candles, lag,
 * signals, paper account), application (actors, bus, store), system (CPU,
 * memory, disk, event-loop lag). Actors keep their own registries
 * ({@linkcode ActorMetrics}); the main thread merges them at scrape time.
 * {@linkcode createObservability} builds everything for a running system and
 * {@linkcode mountObservability} serves `/metrics`, `/health` and `/ready`.
 *
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * import { httpMetrics, renderMetrics } from "./mod.ts";
 * const registry = new Registry();
 * httpMetrics(registry)({ method: "GET", route: "/health", status: 200, seconds: 0.001 });
 * const text = await renderMetrics(registry, []);
 * ```
 *
 * @module
 */
export * from "./actor_metrics.ts";
export * from "./actors.ts";
export * from "./buckets.ts";
export * from "./bus.ts";
export * from "./bus_flows.ts";
export * from "./collector_metrics.ts";
export * from "./collector_stats.ts";
export * from "./http.ts";
export * from "./metric_json.ts";
export * from "./observability.ts";
export * from "./paper.ts";
export * from "./render.ts";
export * from "./store.ts";
export * from "./system.ts";
