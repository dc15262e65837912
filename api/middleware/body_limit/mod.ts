/**
 * A cap on request body size.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ApiEnv } from "../../deps.ts";
import { errorBody } from "../../errors.ts";

/**
 * Hono's body limit answering 413 as JSON. Bodies are counted as they
 * stream, so a lying or absent `Content-Length` does not get past it.
 *
 * @example
 * ```ts ignore
 * app.use(apiBodyLimit({ maxBytes: 64 * 1024 }));
 * ```
 */
export function apiBodyLimit(options: { maxBytes: number }): MiddlewareHandler<ApiEnv> {
  const { maxBytes } = options;
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json(errorBody(c, `request body larger than the ${maxBytes}-byte limit`), 413),
  });
}
