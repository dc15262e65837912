import type { Logger } from "@logtape/logtape";
import {
  createApp,
  createMemoryRateLimitStore,
  createRedisRateLimitStore,
  type RateLimitStore,
  serveApi,
} from "../api/mod.ts";
import { createObservability, mountObservability, type Observability } from "../api/metrics/mod.ts";
import type { Bus } from "../bus/types.ts";
import type { Config } from "../config/mod.ts";
import { openStore, type QueryHook, type Store } from "../store/mod.ts";
import type { Supervisor } from "../supervisor/mod.ts";
import type { StartOptions } from "./run.ts";

/** The HTTP API as started: its server and how to stop it. */
export interface StartedApi {
  server: Deno.HttpServer<Deno.NetAddr>;
  stop(): Promise<void>;
}

/**
 * The API over its own store handle (the actors have theirs) and, with
 * Redis configured, rate-limit counters shared by every API process.
 */
/**
 * Serves the API with its own store handle and rate-limit store, with the
 * metrics, health and readiness routes of the observability layer mounted
 * (unless the caller brings its own `extraRoutes`/`onRequest`).
 *
 * @example
 * ```ts ignore
 * const api = await startApi(config, log, supervisor, bus, {});
 * await api.stop();
 * ```
 */
export async function startApi(
  config: Config,
  log: Logger,
  supervisor: Supervisor,
  bus: Bus,
  options: StartOptions,
): Promise<StartedApi> {
  // Bound late: the observability layer that records queries needs the store itself.
  let observeQuery: QueryHook | undefined;
  const store: Store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    migrate: false,
    logger: log,
    onQuery: (operation, seconds) => observeQuery?.(operation, seconds),
  });
  let rateLimitStore: RateLimitStore | undefined;
  let observability: Observability | undefined;
  try {
    rateLimitStore = config.redisUrl
      ? await createRedisRateLimitStore({
        url: config.redisUrl,
        prefix: config.bus.prefix,
        logger: log,
      })
      : createMemoryRateLimitStore();
    const obs = observability = createObservability({
      system: { supervisor, bus },
      config,
      store,
      logger: log.getChild("observability"),
    });
    observeQuery = obs.onQuery;
    const app = createApp({
      config,
      store,
      actors: supervisor,
      bus,
      now: () => Date.now(),
      logger: log,
      rateLimitStore,
      extraRoutes: (app, kit) => mountObservability(app, obs, kit),
      onRequest: obs.onRequest,
      ...options.api,
    });
    const server = serveApi({ app, api: config.api, logger: log });
    return {
      server,
      async stop() {
        await server.shutdown();
        await obs.close();
        await rateLimitStore?.close();
        await store.close();
      },
    };
  } catch (e) {
    await observability?.close();
    await rateLimitStore?.close();
    await store.close();
    throw e;
  }
}
