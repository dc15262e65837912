/**
 * One log line per request, and the hook HTTP metrics hang on.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { clientAddress } from "../../client.ts";
import type { ApiEnv, RequestInfo } from "../../deps.ts";

/**
 * Route label of a request no route answered.
 *
 * @example
 * ```ts ignore
 * if (info.route === UNMATCHED_ROUTE) notFoundCount++;
 * ```
 */
export const UNMATCHED_ROUTE = "(unmatched)";

/**
 * The template of the route that matched (`/api/v1/actors/:id/restart`),
 * or {@linkcode UNMATCHED_ROUTE}. Middleware is registered for every method
 * (`ALL`), routes for one, which is how the two are told apart.
 *
 * @example
 * ```ts ignore
 * app.use(async (c, next) => { await next(); console.log(routeTemplate(c)); });
 * ```
 */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!;
    if (r.method !== "ALL") return r.path;
  }
  return UNMATCHED_ROUTE;
}

/**
 * Options of {@linkcode accessLog}.
 *
 * @example
 * ```ts
 * import { getLogger } from "@logtape/logtape";
 * const options: AccessLogOptions = { logger: getLogger(["ct", "api", "access"]) };
 * ```
 */
export interface AccessLogOptions {
  logger: Logger;
  /** Receives every finished request (metrics). Errors it throws are logged, not raised. */
  onRequest?: (info: RequestInfo) => void;
  /** Monotonic milliseconds for durations. Default `performance.now`. */
  clock?: () => number;
}

/**
 * Logs one line per request once it is answered: method, path, route
 * template, status, duration, request id and client address; then calls
 * `onRequest`. 5xx answers log at warning level.
 *
 * @example
 * ```ts ignore
 * app.use(requestId(), accessLog({ logger, onRequest: (i) => requests.inc(i) }));
 * ```
 */
export function accessLog(options: AccessLogOptions): MiddlewareHandler<ApiEnv> {
  const { logger, onRequest } = options;
  const clock = options.clock ?? (() => performance.now());
  return async function accessLog(c, next) {
    const start = clock();
    await next();
    const ms = clock() - start;
    const route = routeTemplate(c);
    const status = c.res.status;
    const fields = {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      route,
      status,
      durationMs: Math.round(ms * 1000) / 1000,
      requestId: c.get("requestId"),
      client: clientAddress(c),
    };
    const line = "{method} {path} {status} {durationMs}ms client={client}";
    if (status >= 500) logger.warn(line, fields);
    else logger.info(line, fields);
    if (!onRequest) return;
    try {
      onRequest({ method: c.req.method, route, status, seconds: ms / 1000 });
    } catch (e) {
      logger.error("onRequest hook failed: {error}", { error: String(e) });
    }
  };
}
