/**
 * Refuses mutating requests from browser origins that are not allowed.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../../deps.ts";
import { errorBody } from "../../errors.ts";
import { isSafeMethod } from "../safe_methods.ts";

/**
 * Options of {@linkcode originCheck}.
 *
 * @example
 * ```ts
 * const options: OriginCheckOptions = { allowed: ["https://dash.example.com"] };
 * ```
 */
export interface OriginCheckOptions {
  /** `api.corsOrigins`; `*` allows any origin. */
  allowed: readonly string[];
}

/**
 * Answers 403 to a mutating request whose `Origin` is neither the API's own
 * nor in `allowed`. CORS alone does not stop this: a page on any site can
 * make a browser send a simple `POST` (it only cannot read the answer), and
 * with no API key configured, or a key the browser got from a user, that
 * `POST` would restart an actor. Requests without `Origin` (curl, scripts,
 * same-origin GETs) are not browsers acting for another site and pass.
 *
 * Behind a reverse proxy the API's own origin is the one it sees; add the
 * public origin to `api.corsOrigins` for the Swagger UI to mutate through it.
 *
 * @example
 * ```ts ignore
 * app.use(originCheck({ allowed: config.api.corsOrigins }));
 * ```
 */
export function originCheck(options: OriginCheckOptions): MiddlewareHandler<ApiEnv> {
  const allowed = new Set(options.allowed);
  return async function originCheck(c, next) {
    const origin = c.req.header("Origin");
    if (
      isSafeMethod(c.req.method) || origin === undefined || allowed.has("*") ||
      allowed.has(origin) || origin === new URL(c.req.url).origin
    ) {
      return await next();
    }
    return c.json(
      errorBody(
        c,
        `origin ${JSON.stringify(origin.slice(0, 200))} may not call ${c.req.method} routes; ` +
          `allowed origins: ${[...allowed].join(", ") || "none (set api.corsOrigins)"}`,
      ),
      403,
    );
  };
}
