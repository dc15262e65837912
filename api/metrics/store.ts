import { Counter, Histogram, type Registry } from "prom-client";
import type { SlowQuery } from "../../monitor/slow_queries.ts";
import { type QueryHook, STORE_OPERATIONS } from "../../store/types.ts";
import { queryDurationBuckets } from "./buckets.ts";

/** What {@linkcode storeMetrics} returns. */
export interface StoreMetrics {
  /** Feeds `db_query_duration_seconds`; give it to the store as (part of) `onQuery`. */
  observe: QueryHook;
  /** Counts one slow query in `db_slow_queries_total` (the slow-query log's `onSlow`). */
  slow: (query: SlowQuery) => void;
}

/**
 * Registers `db_query_duration_seconds{operation}` and
 * `db_slow_queries_total{operation}`.
 *
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * const db = storeMetrics(new Registry());
 * db.observe("candles.range", 0.003);
 * ```
 */
export function storeMetrics(registry: Registry): StoreMetrics {
  const duration = new Histogram({
    name: "db_query_duration_seconds",
    help: "Store operation duration by operation, seconds.",
    labelNames: ["operation"] as const,
    buckets: [...queryDurationBuckets],
    registers: [registry],
  });
  const slow = new Counter({
    name: "db_slow_queries_total",
    help: "Store operations over the slow-query threshold, by operation.",
    labelNames: ["operation"] as const,
    registers: [registry],
  });
  // Slow counts start at 0 so the first slow query is an increase; the
  // histogram fills as operations run (zeroing ~25 of them would cost 400 lines).
  for (const operation of STORE_OPERATIONS) slow.inc({ operation }, 0);
  return {
    observe: (operation, seconds) => duration.observe({ operation }, seconds),
    slow: (q) => slow.inc({ operation: q.operation }),
  };
}
