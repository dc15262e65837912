/**
 * How long a store operation may wait, by default (`store.*` in the
 * configuration).
 *
 * @module
 */

/**
 * How long a write waits for a lock another writer holds before it fails
 * with `StoreBusyError`: SQLite's busy timeout, PostgreSQL's `lock_timeout`.
 *
 * @example
 * ```ts
 * DEFAULT_LOCK_TIMEOUT_MS; // 5000
 * ```
 */
export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;

/**
 * How long PostgreSQL lets a statement run before it cancels it
 * (`statement_timeout`, then `StoreTimeoutError`). Far above any statement
 * the system runs (a 1,000-row upsert or a page of candles takes
 * milliseconds), and short enough that a stalled one shows within a minute.
 *
 * @example
 * ```ts
 * DEFAULT_STATEMENT_TIMEOUT_MS; // 30000
 * ```
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
