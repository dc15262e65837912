/**
 * A rate-limit store that counts in a second store while the first fails.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { RateLimitHit, RateLimitStore } from "./store.ts";

/**
 * Options of {@linkcode withFallback}.
 *
 * @example
 * ```ts ignore
 * const options: FallbackStoreOptions = { primary: redisStore, fallback: memoryStore, logger };
 * ```
 */
export interface FallbackStoreOptions {
  /** The shared store (Redis). */
  primary: RateLimitStore;
  /** Where hits are counted while the primary fails (this process's memory). */
  fallback: RateLimitStore;
  /** After a failure, how long hits go to the fallback before the primary is tried again, ms. Default 5 000. */
  retryMs?: number;
  logger: Logger;
}

/**
 * Counts in `primary`; when a hit there fails, counts in `fallback` for
 * `retryMs`, then tries the primary again with one hit at a time until it
 * answers. So an outage of the shared store neither lets every client
 * through unlimited nor holds requests up: the limit still holds per
 * process (each API process counts on its own until the primary is back),
 * every answer keeps its rate-limit headers, and each outage is logged once
 * when it starts and once when it ends. Times are the `now` of each hit.
 *
 * @example
 * ```ts
 * import { getLogger } from "@logtape/logtape";
 * import { createMemoryRateLimitStore } from "./memory_store.ts";
 * const store = withFallback({
 *   primary: createMemoryRateLimitStore(),
 *   fallback: createMemoryRateLimitStore(),
 *   logger: getLogger(["ct", "api"]),
 * });
 * await store.hit("ip:10.0.0.1", 60_000, Date.now()); // { count: 1, resetAt: … }
 * await store.close();
 * ```
 */
export function withFallback(options: FallbackStoreOptions): RateLimitStore {
  const { primary, fallback, logger } = options;
  const retryMs = options.retryMs ?? 5_000;
  let failing = false;
  let retryAt = 0;
  let probing = false;

  async function probe(key: string, windowMs: number, now: number): Promise<RateLimitHit> {
    probing = true;
    try {
      const hit = await primary.hit(key, windowMs, now);
      if (failing) {
        failing = false;
        logger.info("rate-limit store answers again: counting there, shared by every API process");
      }
      return hit;
    } catch (e) {
      if (!failing) {
        logger.warn(
          "rate-limit store failed: counting in this process until it answers, so each API " +
            "process allows the full limit on its own: {error}",
          { error: String(e) },
        );
      }
      failing = true;
      retryAt = now + retryMs;
      return await fallback.hit(key, windowMs, now);
    } finally {
      probing = false;
    }
  }

  return {
    hit(key, windowMs, now) {
      // While failing, one hit at a time asks the primary again, once due.
      if (failing && (probing || now < retryAt)) return fallback.hit(key, windowMs, now);
      return probe(key, windowMs, now);
    },
    async close() {
      await Promise.all([primary.close(), fallback.close()]);
    },
  };
}
