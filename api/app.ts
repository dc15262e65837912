/**
 * The HTTP API: one Hono app with the middleware chain, `/api/v1` routes,
 * the OpenAPI document and offline Swagger UI.
 *
 * @module
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { getLogger } from "@logtape/logtape";
import type { Context } from "hono";
import { ConfigError } from "../lib/errors.ts";
import { clientAddress, isSecureRequest, trustProxies } from "./client.ts";
import type { ApiApp, ApiDeps, ApiEnv } from "./deps.ts";
import { mountDocs } from "./docs/mod.ts";
import { notFound, onError, validationHook } from "./errors.ts";
import { accessLog } from "./middleware/access_log/mod.ts";
import { ApiKeyVerifier, auth, bearerToken } from "./middleware/auth/mod.ts";
import { apiBodyLimit } from "./middleware/body_limit/mod.ts";
import { apiCors } from "./middleware/cors/mod.ts";
import { originCheck } from "./middleware/origin_check/mod.ts";
import { createMemoryRateLimitStore, rateLimit } from "./middleware/rate_limit/mod.ts";
import { requestId } from "./middleware/request_id/mod.ts";
import { apiSecureHeaders } from "./middleware/secure_headers/mod.ts";
import { handlerTimeout } from "./middleware/timeout/mod.ts";
import { serveOpenApi } from "./openapi.ts";
import { ALERTMANAGER_PREFIX, alertmanagerV2, RESOURCES } from "./routes/mod.ts";

/**
 * Prefix of the versioned routes.
 *
 * @example
 * ```ts ignore
 * await app.request(`${API_PREFIX}/candles?symbol=BTC/USDT&timeframe=1m`);
 * ```
 */
export const API_PREFIX = "/api/v1";

/**
 * Builds the API. Order of the chain, and why:
 *
 * 1. request id, access log, secure headers: every answer, even a 404 or
 *    one from an extra route, is traced, logged and hardened; handlers log
 *    through `c.var.log`, the `logger` with the request id bound;
 * 2. `extraRoutes` (`/metrics`, `/health`, `/ready`): not throttled, no key;
 * 3. CORS (when origins are configured), then rate limiting: preflights are
 *    answered before they count, and 401s count (so guessing keys is throttled);
 * 4. `/openapi.json` and `/docs`: readable without a key;
 * 5. auth (401), origin check (403), body limit (413), handler timeout (503);
 * 6. `/api/v1/*`, and `/api/v2/alerts` (Alertmanager's intake, for Prometheus).
 *
 * The rate-limit bucket is the API key's when the request carries the valid
 * key, else the client IP: an unverified token must not buy a fresh bucket.
 *
 * @throws {ConfigError} when `api.protectReads` is set without `api.apiKey`.
 *
 * @example
 * ```ts ignore
 * const app = createApp({ config, store, actors: supervisor, now: Date.now, logger });
 * Deno.serve({ port: 8000 }, app.fetch);
 * ```
 */
export function createApp(deps: ApiDeps): ApiApp {
  const { config, logger } = deps;
  const api = config.api;
  if (api.protectReads && api.apiKey === undefined) {
    throw new ConfigError("api.protectReads is true but api.apiKey is not set; set API_KEY");
  }
  const verifier = api.apiKey === undefined ? undefined : new ApiKeyVerifier(api.apiKey);
  const requireKey = auth({ verifier, protectReads: api.protectReads });
  const trustProxy = api.trustedProxies.length > 0 ? trustProxies(api.trustedProxies) : undefined;

  const app: ApiApp = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  app.onError(onError(logger));
  app.notFound(notFound);

  // `/health` answers from memory and calls nothing that logs without `c`,
  // so it runs without LogTape's context frame (~1.5 µs a request).
  app.use(requestId({ logger, context: (path) => path !== "/health" }));
  app.use(accessLog({
    logger: getLogger([...logger.category, "access"]),
    onRequest: deps.onRequest,
    trustProxy,
  }));
  app.use(apiSecureHeaders({ secure: (c) => isSecureRequest(c, trustProxy) }));

  deps.extraRoutes?.(app, { auth: requireKey });

  if (api.corsOrigins.length > 0) app.use(apiCors({ origins: api.corsOrigins }));
  app.use(rateLimit({
    limit: api.rateLimitPerMinute,
    store: deps.rateLimitStore ?? createMemoryRateLimitStore(),
    now: deps.now,
    logger,
    clientKey: (c: Context<ApiEnv>) => {
      const token = bearerToken(c.req.header("Authorization"));
      if (verifier && token !== null && verifier.checkFor(c.req.raw, token)) {
        return `key:${verifier.keyId}`;
      }
      return `ip:${clientAddress(c, trustProxy)}`;
    },
  }));

  serveOpenApi(app, "/openapi.json", config, [...RESOURCES, alertmanagerV2]);
  mountDocs(app, { title: "Crypto-Trade API" });

  app.use(requireKey);
  app.use(originCheck({ allowed: api.corsOrigins }));
  app.use(apiBodyLimit({ maxBytes: deps.bodyLimitBytes ?? 64 * 1024 }));
  app.use(handlerTimeout({ ms: deps.handlerTimeoutMs ?? 10_000 }));

  const v1: ApiApp = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  for (const resource of RESOURCES) resource.register(v1, deps);
  app.route(API_PREFIX, v1);
  // Alertmanager's path, for Prometheus; behind the same auth and limits.
  const v2: ApiApp = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
  alertmanagerV2.register(v2, deps);
  app.route(ALERTMANAGER_PREFIX, v2);
  return app;
}
