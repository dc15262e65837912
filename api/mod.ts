/**
 * The REST API: `createApp` builds the Hono app over its dependencies,
 * `serveApi` puts it on a socket. Routes live under `/api/v1`, the OpenAPI
 * 3.1 document at `/openapi.json`, Swagger UI (offline) at `/docs`.
 *
 * @example
 * ```ts ignore
 * import { createApp, serveApi } from "./api/mod.ts";
 * const app = createApp({ config, store, actors: supervisor, now: Date.now, logger });
 * const server = serveApi({ app, api: config.api, logger });
 * await server.shutdown();
 * ```
 *
 * @module
 */
export { API_PREFIX, createApp } from "./app.ts";
export type {
  ActorsPort,
  ApiApp,
  ApiDeps,
  ApiEnv,
  BusStatsPort,
  ExtraRoutesKit,
  RequestInfo,
} from "./deps.ts";
export { isLoopbackHost, serveApi, type ServeApiOptions, unprotectedWarning } from "./serve.ts";
export {
  createMemoryRateLimitStore,
  createRedisRateLimitStore,
  type RateLimitStore,
  withFallback,
} from "./middleware/rate_limit/mod.ts";
