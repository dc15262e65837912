/**
 * Bearer API-key authentication.
 *
 * What the statuses mean: 401 is "who are you?" (no `Authorization:
 * Bearer`, another scheme, or a wrong key); 403 is "you may not do that
 * from there", given by `origin_check` to a browser origin that is not
 * allowed to call mutating routes, whatever key it holds.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../../deps.ts";
import { errorBody } from "../../errors.ts";
import { isSafeMethod } from "../safe_methods.ts";
import { type ApiKeyVerifier, bearerToken } from "./api_key.ts";

export { ApiKeyVerifier, bearerToken, constantTimeEqual } from "./api_key.ts";

/**
 * Options of {@linkcode auth}.
 *
 * @example
 * ```ts
 * const options: AuthOptions = { verifier: new ApiKeyVerifier("0123456789abcdef"), protectReads: false };
 * ```
 */
export interface AuthOptions {
  /** The configured key; without one every request passes (see `serve.ts`'s warning). */
  verifier?: ApiKeyVerifier;
  /** Also require the key on GET/HEAD. */
  protectReads: boolean;
  /** `realm` of `WWW-Authenticate`. Default `crypto-trade`. */
  realm?: string;
}

/**
 * Requires `Authorization: Bearer <key>` on mutating requests (on every
 * request with `protectReads`) when a key is configured. A missing or wrong
 * key answers 401 with `WWW-Authenticate`. CORS preflights (OPTIONS) never
 * need it: browsers cannot attach credentials to them.
 *
 * @example
 * ```ts ignore
 * app.use("/api/*", auth({ verifier: new ApiKeyVerifier(config.api.apiKey), protectReads: true }));
 * ```
 */
export function auth(options: AuthOptions): MiddlewareHandler<ApiEnv> {
  const { verifier, protectReads } = options;
  const realm = options.realm ?? "crypto-trade";
  return async function auth(c, next) {
    const method = c.req.method;
    if (!verifier || method === "OPTIONS" || (!protectReads && isSafeMethod(method))) {
      return await next();
    }
    const header = c.req.header("Authorization");
    const token = bearerToken(header);
    if (token === null) {
      c.header("WWW-Authenticate", `Bearer realm="${realm}"`);
      const scheme = header?.trim().split(/\s+/)[0];
      return c.json(
        errorBody(
          c,
          header === undefined
            ? "authentication required: send Authorization: Bearer <api key>"
            : `expected Authorization: Bearer <api key>, received a ${
              JSON.stringify(scheme?.slice(0, 20) ?? "")
            } credential`,
        ),
        401,
      );
    }
    if (!verifier.checkFor(c.req.raw, token)) {
      c.header("WWW-Authenticate", `Bearer realm="${realm}", error="invalid_token"`);
      return c.json(errorBody(c, "the bearer token is not the API key"), 401);
    }
    await next();
  };
}
