import { type RateLimitHit, type RateLimitStore, windowStart } from "./store.ts";

/**
 * Rate-limit counters in this process's memory: right for one API process.
 * Counters of past windows are dropped when the first hit of a new window
 * arrives, so memory holds one window's clients (no timer to clean up).
 *
 * @example
 * ```ts
 * const store = createMemoryRateLimitStore();
 * (await store.hit("ip:10.0.0.1", 60_000, 0)).count; // 1
 * (await store.hit("ip:10.0.0.1", 60_000, 1_000)).count; // 2
 * ```
 */
export function createMemoryRateLimitStore(): RateLimitStore {
  const counts = new Map<string, number>();
  let current = -Infinity;
  return {
    hit(key: string, windowMs: number, now: number): Promise<RateLimitHit> {
      const start = windowStart(now, windowMs);
      if (start !== current) {
        counts.clear();
        current = start;
      }
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return Promise.resolve({ count, resetAt: start + windowMs });
    },
    close: () => Promise.resolve(),
  };
}
