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
 * CORS for `origins` (`api.corsOrigins`; `*` for any). No credentials mode:
 * the API key travels in `Authorization`, never in a cookie, so a browser
 * never sends it on its own.
 *
 * Preflights (`OPTIONS`) go to Hono's `cors`. Every other request gets the
 * headers Hono's would give it (`Access-Control-Allow-Origin` for an
 * allowed origin, `Access-Control-Expose-Headers`, `Vary: Origin`), set on
 * the finished response: Hono's sets them on a placeholder response before
 * the handler runs and appends `Vary` with `c.header()` after, and each of
 * those makes Hono copy the whole response (~20 µs apiece, measured).
 * `Access-Control-Expose-Headers` goes only on answers to a request with an
 * `Origin`: browsers read it on cross-origin answers alone, and `curl`,
 * Prometheus and bots never send one.
 *
 * @example
 * ```ts ignore
 * if (config.api.corsOrigins.length > 0) app.use(apiCors({ origins: config.api.corsOrigins }));
 * ```
 */
export function apiCors(options: { origins: readonly string[] }): MiddlewareHandler {
  const origins = [...options.origins];
  const anyOrigin = origins.includes("*");
  const allowed = new Set(origins);
  const exposed = EXPOSED_HEADERS.join(",");
  const preflight = cors({
    origin: anyOrigin ? "*" : origins,
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
    exposeHeaders: [...EXPOSED_HEADERS],
    maxAge: 600,
  });
  return async function apiCors(c, next) {
    if (c.req.method === "OPTIONS") return await preflight(c, next);
    const origin = c.req.raw.headers.get("Origin");
    const allowOrigin = anyOrigin ? "*" : origin !== null && allowed.has(origin) ? origin : null;
    await next();
    const headers = c.res.headers;
    if (allowOrigin !== null) {
      headers.set("Access-Control-Allow-Origin", allowOrigin);
      if (origin !== null) headers.set("Access-Control-Expose-Headers", exposed);
    }
    if (!anyOrigin) headers.append("Vary", "Origin");
  };
}
