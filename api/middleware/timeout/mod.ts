/**
 * A deadline for handlers.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { timeout } from "hono/timeout";

/**
 * Hono's timeout: a handler still running after `ms` gets a 503 (through the
 * app's error handler, so it is JSON with the request id). The handler
 * itself is not cancelled; it finishes in the background and its result is
 * dropped, which is why the deadline is generous.
 *
 * @example
 * ```ts ignore
 * app.use("/api/*", handlerTimeout({ ms: 10_000 }));
 * ```
 */
export function handlerTimeout(options: { ms: number }): MiddlewareHandler {
  const { ms } = options;
  return timeout(
    ms,
    () => new HTTPException(503, { message: `the handler did not finish within ${ms} ms` }),
  );
}
