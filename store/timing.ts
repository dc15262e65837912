/**
 * Wraps store methods so each call reports its duration to the `onQuery`
 * hook, whether it succeeded or failed (slow failures are still slow).
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { QueryHook, StoreOperation } from "./types.ts";

/**
 * Runs `fn` and reports its wall time under `operation`.
 *
 * @example
 * ```ts
 * const rows = await timed("candles.range", () => query());
 * ```
 */
export type Timed = <T>(operation: StoreOperation, fn: () => T | Promise<T>) => Promise<T>;

/**
 * Builds the timing wrapper. `fn` is called synchronously before the first
 * await, which the SQLite store relies on to keep a transaction in one tick.
 * A throwing hook is logged, never allowed to fail the query it measured.
 *
 * @example
 * ```ts
 * const timed = createTimed((op, s) => histogram.observe({ op }, s), logger);
 * const rows = await timed("candles.range", () => query());
 * ```
 */
export function createTimed(hook: QueryHook | undefined, logger: Logger): Timed {
  if (!hook) return async (_operation, fn) => await fn();
  return async (operation, fn) => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      const seconds = (performance.now() - start) / 1000;
      try {
        hook(operation, seconds);
      } catch (e) {
        logger.warn("onQuery hook threw for {operation}: {error}", { operation, error: e });
      }
    }
  };
}
