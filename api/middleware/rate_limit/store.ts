/**
 * Where fixed-window rate-limit counters live.
 *
 * @module
 */

/**
 * The count after one hit and when its window ends.
 *
 * @example
 * ```ts
 * const hit: RateLimitHit = { count: 3, resetAt: 1_704_067_260_000 };
 * ```
 */
export interface RateLimitHit {
  /** Hits of this key in the current window, this one included. */
  count: number;
  /** End of the current window, epoch ms. */
  resetAt: number;
}

/**
 * Counts hits per key in fixed windows of `windowMs` aligned to the epoch
 * (`floor(now / windowMs)`), so every process sharing a store agrees on the
 * window without coordination.
 *
 * @example
 * ```ts
 * declare const store: RateLimitStore;
 * const { count, resetAt } = await store.hit("ip:10.0.0.1", 60_000, Date.now());
 * ```
 */
export interface RateLimitStore {
  /** Counts one hit of `key` in the window containing `now`. */
  hit(key: string, windowMs: number, now: number): Promise<RateLimitHit>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * Start of the fixed window containing `now`.
 *
 * @example
 * ```ts
 * windowStart(125_000, 60_000); // 120000
 * ```
 */
export function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}
