/**
 * Request ids: one per request, taken from the caller when sane, so a
 * request can be followed through a proxy, our logs and the caller's.
 *
 * @module
 */
import { getLogger, type Logger, withContext } from "@logtape/logtape";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../../deps.ts";

const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Whether an incoming id may be reused: 1 to 128 of `[A-Za-z0-9._-]`. Anything
 * else (spaces, quotes, control characters, a megabyte) would end up in log
 * lines and headers, so it is replaced.
 *
 * @example
 * ```ts
 * isSaneRequestId("3f2a-9c.1_b"); // true
 * isSaneRequestId("a b"); // false
 * ```
 */
export function isSaneRequestId(value: string): boolean {
  return SANE_ID.test(value);
}

/**
 * Options of {@linkcode requestId}.
 *
 * @example
 * ```ts
 * const options: RequestIdOptions = { generate: () => crypto.randomUUID() };
 * ```
 */
export interface RequestIdOptions {
  /** Header read and echoed. Default `X-Request-Id`. */
  header?: string;
  /** Makes a new id. Default `crypto.randomUUID()`. */
  generate?: () => string;
  /**
   * The logger `c.var.log` is derived from (`logger.with({ requestId })`).
   * Default `getLogger(["ct", "api"])`.
   */
  logger?: Logger;
  /**
   * Whether a request runs inside LogTape's context (see
   * {@linkcode requestId}); default: every request. A route whose handler
   * calls nothing that logs without `c` may skip the frame.
   */
  context?: (path: string) => boolean;
}

/**
 * Sets `c.var.requestId` (the incoming header when sane, else a new id) and
 * `c.var.log`, the logger with that id bound, echoes the id on the response,
 * and runs the rest of the request inside LogTape's `withContext` so lines
 * logged by code the request calls into without a `c` (the store's
 * slow-query warning, the supervisor restarting an actor) carry it too.
 * The frame costs ~1.5 µs of CPU a request (with `AsyncLocalStorage` as
 * LogTape's context store: 50k against 53–56k `/health` req/s, 2026-12-06),
 * so `context` may leave out routes that call nothing that logs without
 * `c`; handlers log through `c.var.log`, which carries the id with or
 * without a context store configured.
 *
 * The header is set on the finished response's own `Headers`: Hono's
 * `c.header()` after the response exists copies the whole response.
 *
 * @example
 * ```ts ignore
 * app.use(requestId({ logger }));
 * app.get("/", (c) => {
 *   c.var.log.info("handling"); // the record's properties carry requestId
 *   return c.text(c.get("requestId"));
 * });
 * ```
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<ApiEnv> {
  const header = options.header ?? "X-Request-Id";
  const generate = options.generate ?? (() => crypto.randomUUID());
  const logger = options.logger ?? getLogger(["ct", "api"]);
  const context = options.context;
  return async function requestId(c, next) {
    const incoming = c.req.raw.headers.get(header);
    const id = incoming !== null && SANE_ID.test(incoming) ? incoming : generate();
    c.set("requestId", id);
    c.set("log", logger.with({ requestId: id }));
    if (context === undefined || context(c.req.path)) await withContext({ requestId: id }, next);
    else await next();
    c.res.headers.set(header, id);
  };
}
