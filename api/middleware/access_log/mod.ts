/**
 * One log line per request, and the hook HTTP metrics hang on.
 *
 * @module
 */
import type { Logger, LogRecord } from "@logtape/logtape";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { clientAddress, type ProxyTrust } from "../../client.ts";
import type { ApiEnv, RequestInfo } from "../../deps.ts";

const LINE = "{method} {path} {status} {durationMs}ms route={route} client={client}";

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
 * The path of an absolute request URL as the client sent it: still
 * percent-encoded and not normalised, which is also the path Hono routes
 * on. `new URL(url).pathname` would parse the whole URL on every request.
 *
 * @example
 * ```ts
 * requestPath("http://127.0.0.1:8000/api/v1/signals?limit=50"); // "/api/v1/signals"
 * requestPath("http://localhost?x=/y"); // "/"
 * ```
 */
export function requestPath(url: string): string {
  const authority = url.indexOf("//") + 2;
  const start = url.indexOf("/", authority);
  const query = url.indexOf("?", authority);
  if (start === -1 || (query !== -1 && query < start)) return "/";
  return query === -1 ? url.slice(start) : url.slice(start, query);
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
  /** Proxies whose `X-Forwarded-For` names the client (`api.trustedProxies`); default none. */
  trustProxy?: ProxyTrust;
  /** Receives every finished request (metrics). Errors it throws are logged, not raised. */
  onRequest?: (info: RequestInfo) => void;
  /** Monotonic milliseconds for durations. Default `performance.now`. */
  clock?: () => number;
}

/**
 * Logs one line per request once it is answered: method, path, route
 * template, status, duration, request id, client address and, where a route
 * has a response cache, `cache` (`hit`/`miss`); then calls `onRequest`.
 * 5xx answers log at warning level.
 *
 * The record is built here and handed to `logger.emit`: LogTape's
 * `info(template, properties)` parses the template and snapshots the
 * properties on every call, which was the single largest cost of a
 * `/health` request. The line's `message` is the same sentence rendered
 * once; the fields are the record's properties, as before. `emit` drops a
 * record below the logger's level itself, so the level is not asked first:
 * that reads LogTape's context storage twice more (~0.9 µs a request, for
 * the rare deployment that logs no access lines).
 *
 * @example
 * ```ts ignore
 * app.use(requestId(), accessLog({ logger, onRequest: (i) => requests.inc(i) }));
 * ```
 */
export function accessLog(options: AccessLogOptions): MiddlewareHandler<ApiEnv> {
  const { logger, onRequest, trustProxy } = options;
  const clock = options.clock ?? (() => performance.now());
  const category = logger.category;
  return async function accessLog(c, next) {
    const start = clock();
    await next();
    const ms = clock() - start;
    const route = routeTemplate(c);
    const status = c.res.status;
    const method = c.req.method;
    const cache = c.get("cache");
    const level = status >= 500 ? "warning" : "info";
    const durationMs = Math.round(ms * 1000) / 1000;
    const path = requestPath(c.req.url);
    const client = clientAddress(c, trustProxy);
    const properties: Record<string, unknown> = {
      method,
      path,
      route,
      status,
      durationMs,
      requestId: c.get("requestId"),
      client,
    };
    if (cache !== undefined) properties.cache = cache;
    const record: LogRecord = {
      category,
      level,
      timestamp: Date.now(),
      message: [`${method} ${path} ${status} ${durationMs}ms route=${route} client=${client}`],
      rawMessage: LINE,
      properties,
    };
    logger.emit(record);
    if (!onRequest) return;
    try {
      onRequest(
        cache === undefined
          ? { method, route, status, seconds: ms / 1000 }
          : { method, route, status, seconds: ms / 1000, cache },
      );
    } catch (e) {
      logger.error("onRequest hook failed: {error}", { error: String(e) });
    }
  };
}
