/**
 * Request ids: one per request, taken from the caller when sane, so a
 * request can be followed through a proxy, our logs and the caller's.
 *
 * @module
 */
import { withContext } from "@logtape/logtape";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../../deps.ts";

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
  return /^[A-Za-z0-9._-]{1,128}$/.test(value);
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
}

/**
 * Sets `c.var.requestId` (the incoming header when sane, else a new id),
 * echoes it on the response, and runs the rest of the request inside
 * LogTape's `withContext({ requestId })` so every log line it causes carries it.
 *
 * @example
 * ```ts ignore
 * app.use(requestId());
 * app.get("/", (c) => c.text(c.get("requestId")));
 * ```
 */
export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<ApiEnv> {
  const header = options.header ?? "X-Request-Id";
  const generate = options.generate ?? (() => crypto.randomUUID());
  return async function requestId(c, next) {
    const incoming = c.req.header(header);
    const id = incoming !== undefined && isSaneRequestId(incoming) ? incoming : generate();
    c.set("requestId", id);
    await withContext({ requestId: id }, () => next());
    c.header(header, id);
  };
}
