/**
 * The names of the store's operations, as its query hook and metrics see them.
 *
 * @module
 */

/**
 * Every operation name reported to {@linkcode QueryHook}, stable for metrics
 * labels. `close()` is not reported: it is not a query.
 *
 * @example
 * ```ts
 * for (const op of STORE_OPERATIONS) histogram.zero({ op }); // pre-create label sets
 * ```
 */
export const STORE_OPERATIONS = [
  "migrate",
  "ping",
  "candles.upsert",
  "candles.range",
  "candles.latest",
  "candles.last_time",
  "candles.delete_before",
  "signals.insert",
  "signals.list",
  "signals.unpublished",
  "wallet.save",
  "wallet.get",
  "orders.insert",
  "orders.list",
  "positions.open",
  "positions.update",
  "positions.close",
  "positions.list",
  "trades.list",
  "paper.apply_fill",
  "trading.apply",
  "trading.progress",
  "alerts.upsert",
  "alerts.get",
  "alerts.list",
  "alerts.ack",
  "alerts.delete_resolved_before",
  "alerts.prune",
  "alerts.stats",
  "alerts.silence_save",
  "alerts.silence_get",
  "alerts.silence_list",
  "alerts.enqueue",
  "alerts.claim_due",
  "alerts.mark_sent",
  "alerts.mark_failed",
  "alerts.outbox_list",
  "alerts.nflog_get",
] as const;

/**
 * One of {@linkcode STORE_OPERATIONS}.
 *
 * @example
 * ```ts
 * const op: StoreOperation = "candles.upsert";
 * ```
 */
export type StoreOperation = typeof STORE_OPERATIONS[number];

/**
 * Called once per store method call, success or failure, with its wall time
 * in seconds. Metrics hook DB latency and slow-query counting onto it. It
 * runs inline, so keep it cheap; if it throws, the error is logged and dropped.
 *
 * @example
 * ```ts
 * const onQuery: QueryHook = (op, seconds) => {
 *   if (seconds > 0.5) logger.warn("slow {op}: {seconds}s", { op, seconds });
 * };
 * ```
 */
export type QueryHook = (operation: StoreOperation, seconds: number) => void;
