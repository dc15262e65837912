/**
 * Fixed-window rate limiting per client, with the IETF draft `RateLimit-*`
 * headers and the older `X-RateLimit-*` ones on every response.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Context, MiddlewareHandler } from "hono";
import type { ApiEnv } from "../../deps.ts";
import { errorBody } from "../../errors.ts";
import type { RateLimitHit, RateLimitStore } from "./store.ts";

export type { RateLimitHit, RateLimitStore } from "./store.ts";
export { windowStart } from "./store.ts";
export { createMemoryRateLimitStore } from "./memory_store.ts";
export { createRedisRateLimitStore, type RedisRateLimitOptions } from "./redis_store.ts";
export { type FallbackStoreOptions, withFallback } from "./fallback_store.ts";

/**
 * Options of {@linkcode rateLimit}.
 *
 * @example
 * ```ts ignore
 * const options: RateLimitOptions = {
 *   limit: 60, store: createMemoryRateLimitStore(), now: Date.now, logger,
 *   clientKey: (c) => `ip:${clientAddress(c)}`,
 * };
 * ```
 */
export interface RateLimitOptions {
  /** Requests allowed per client per window. */
  limit: number;
  /** Window length. Default 60 000 (a minute). */
  windowMs?: number;
  store: RateLimitStore;
  now: () => number;
  /** The bucket a request counts against. */
  clientKey: (c: Context<ApiEnv>) => string | Promise<string>;
  logger: Logger;
}

/**
 * The headers describing a hit: `RateLimit-Reset` in seconds from now (IETF
 * draft), `X-RateLimit-Reset` as epoch seconds (GitHub's convention).
 *
 * @example
 * ```ts
 * rateLimitHeaders(60, { count: 1, resetAt: 60_000 }, 30_000)["RateLimit-Remaining"]; // "59"
 * ```
 */
export function rateLimitHeaders(
  limit: number,
  hit: RateLimitHit,
  now: number,
): Record<string, string> {
  const remaining = String(Math.max(0, limit - hit.count));
  const reset = String(Math.max(1, Math.ceil((hit.resetAt - now) / 1000)));
  return {
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": remaining,
    "RateLimit-Reset": reset,
    "X-RateLimit-Limit": String(limit),
    "X-RateLimit-Remaining": remaining,
    "X-RateLimit-Reset": String(Math.ceil(hit.resetAt / 1000)),
  };
}

/**
 * Counts each request against its client's bucket; past `limit` in a window
 * it answers 429 with `Retry-After`. If the store fails the request passes,
 * unlimited and without the headers, and a warning is logged: an outage of
 * the limiter should not become an outage of the API. A Redis store is
 * wrapped in {@linkcode withFallback}, so a Redis outage does not get here.
 *
 * @example
 * ```ts ignore
 * app.use(rateLimit({ limit: 60, store, now: Date.now, logger, clientKey }));
 * ```
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<ApiEnv> {
  const { limit, store, logger } = options;
  const windowMs = options.windowMs ?? 60_000;
  const per = windowMs === 60_000 ? "minute" : `${windowMs} ms`;
  return async function rateLimit(c, next) {
    const now = options.now();
    let hit: RateLimitHit;
    try {
      hit = await store.hit(await options.clientKey(c), windowMs, now);
    } catch (e) {
      (c.get("log") ?? logger).warn("rate limiting skipped: the store failed: {error}", {
        error: String(e),
      });
      return await next();
    }
    const headers = rateLimitHeaders(limit, hit, now);
    if (hit.count > limit) {
      for (const [name, value] of Object.entries(headers)) c.header(name, value);
      c.header("Retry-After", headers["RateLimit-Reset"]);
      return c.json(
        errorBody(
          c,
          `rate limit of ${limit} requests per ${per} exceeded; retry in ${
            headers["RateLimit-Reset"]
          } s`,
        ),
        429,
      );
    }
    await next();
    // On the response's own Headers: `c.header()` once the response exists
    // makes Hono copy the whole response, once per header.
    const out = c.res.headers;
    for (const name in headers) out.set(name, headers[name]!);
  };
}
