import type { Logger } from "@logtape/logtape";
import {
  createApp,
  createMemoryRateLimitStore,
  createRedisRateLimitStore,
  type RateLimitStore,
  serveApi,
  withFallback,
} from "../api/mod.ts";
import { createObservability, mountObservability, type Observability } from "../api/metrics/mod.ts";
import type { Bus } from "../bus/types.ts";
import type { Config } from "../config/mod.ts";
import { createMessage, type MessageOf } from "../messages/mod.ts";
import { scheduleJobs } from "../jobs/mod.ts";
import { openStore, type QueryHook, type Store } from "../store/mod.ts";
import type { Supervisor } from "../supervisor/mod.ts";
import { alertPublisher } from "./alert_publisher.ts";
import type { StartOptions } from "./run.ts";
import { RuleLoop } from "./system_rules.ts";

/** The HTTP API as started: its server and how to stop it. */
export interface StartedApi {
  server: Deno.HttpServer<Deno.NetAddr>;
  stop(): Promise<void>;
}

/**
 * Serves the API with its own store handle (the actors have theirs) and
 * rate-limit store (shared by every API process over Redis), with the
 * metrics, health and readiness routes of the observability layer mounted
 * (unless the caller brings its own `extraRoutes`/`onRequest`), and runs
 * the system and application alerting rules over what the observability
 * layer reads, publishing their alerts on the bus.
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
    ...config.store,
    migrate: false,
    logger: log,
    onQuery: (operation, seconds) => observeQuery?.(operation, seconds),
  });
  let rateLimitStore: RateLimitStore | undefined;
  let observability: Observability | undefined;
  try {
    rateLimitStore = config.redisUrl
      ? withFallback({
        primary: await createRedisRateLimitStore({
          url: config.redisUrl,
          prefix: config.bus.prefix,
          logger: log,
        }),
        fallback: createMemoryRateLimitStore(),
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
      // Silences, acks and alerts posted by Prometheus reach the alerter.
      publish: (m) => bus.publish(m),
      now: () => Date.now(),
      logger: log,
      rateLimitStore,
      extraRoutes: (app, kit) => mountObservability(app, obs, kit),
      onRequest: obs.onRequest,
      ...options.api,
    });
    const server = serveApi({ app, api: config.api, logger: log });
    // Once serving: a start that failed publishes nothing.
    try {
      const restored = await obs.rules.restore(store.alerts, Date.now());
      if (restored > 0) log.info("system rules took back {restored} live alerts", { restored });
    } catch (e) {
      log.warn("system rules start afresh: {error}", { error: String(e) });
    }
    const rulesLog = log.getChild("rules");
    const loop = startRuleLoop(
      config,
      rulesLog,
      obs,
      alertPublisher({ bus, handOver: (m) => supervisor.handOver(m), log: rulesLog }),
    );
    // Scheduled jobs use this process's store handle, the one the API reads with.
    const jobs = new AbortController();
    scheduleJobs({
      store,
      retention: { ...config.retention, alertsDays: config.alerts.retentionDays },
      log: log.getChild("jobs"),
      signal: jobs.signal,
    });
    return {
      server,
      async stop() {
        jobs.abort();
        // Before the monitor stops and the bus closes: its last cycle publishes.
        await loop.stop();
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

/**
 * Evaluates `obs.rules` every `alerts.rules.evaluationIntervalMs` and
 * publishes the alerts (`publishAlert`: on the bus, else to the local alerter).
 */
function startRuleLoop(
  config: Config,
  log: Logger,
  obs: Observability,
  publishAlert: (message: MessageOf<"alert">) => Promise<void>,
): RuleLoop {
  const { resendIntervalMs, evaluationIntervalMs } = config.alerts.rules;
  if (resendIntervalMs >= config.alerts.resolveTimeoutMs) {
    log.warn(
      "alerts.rules.resendIntervalMs ({resend} ms) is not below alerts.resolveTimeoutMs " +
        "({timeout} ms): firing alerts will resolve between two resends",
      { resend: resendIntervalMs, timeout: config.alerts.resolveTimeoutMs },
    );
  }
  const loop = new RuleLoop({
    evaluate: (now) => obs.rules.evaluate(now),
    publish: (alert, now) =>
      publishAlert(createMessage("alert", alert, {
        source: "rules",
        key: `alert:${alert.labels.alertname}`,
        now,
      })),
    intervalMs: evaluationIntervalMs,
    logger: log,
  });
  loop.start();
  return loop;
}
