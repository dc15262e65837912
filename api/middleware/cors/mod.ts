/**
 * CORS for the configured browser origins.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

/**
 * Response headers a browser script may read: request id and rate-limit state.
 *
 * @example
 * ```ts ignore
 * EXPOSED_HEADERS.includes("X-Request-Id"); // true
 * ```
 */
export const EXPOSED_HEADERS: readonly string[] = [
  "X-Request-Id",
  "Retry-After",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
];

/**
 * Hono's CORS middleware for `origins` (`api.corsOrigins`; `*` for any).
 * No credentials mode: the API key travels in `Authorization`, never in a
 * cookie, so a browser never sends it on its own.
 *
 * @example
 * ```ts ignore
 * if (config.api.corsOrigins.length > 0) app.use(apiCors({ origins: config.api.corsOrigins }));
 * ```
 */
export function apiCors(options: { origins: readonly string[] }): MiddlewareHandler {
  const origins = [...options.origins];
  return cors({
    origin: origins.includes("*") ? "*" : origins,
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
    exposeHeaders: [...EXPOSED_HEADERS],
    maxAge: 600,
  });
}
