/**
 * The composition of metrics, health and the performance monitor for one
 * process, and the routes that serve them.
 *
 * @module
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { getLogger, type Logger } from "@logtape/logtape";
import type { Context, Env, Hono, MiddlewareHandler } from "hono";
import { Registry } from "prom-client";
import type { Bus } from "../../bus/types.ts";
import type { RuleSettings } from "../../alerting/rules/config.ts";
import type { Config } from "../../config/mod.ts";
import type { EventLoopLagOptions } from "../../monitor/event_loop_lag.ts";
import type { HeapTrendOptions } from "../../monitor/heap_trend.ts";
import { PerformanceMonitor } from "../../monitor/performance_monitor.ts";
import { openStore, type QueryHook, type Store } from "../../store/mod.ts";
import type { Supervisor } from "../../supervisor/mod.ts";
import type { RequestInfo } from "../deps.ts";
import { actorChecks } from "../health/actors.ts";
import { type Check, type ReadinessReport, runChecks } from "../health/checks.ts";
import { exchangeCheck } from "../health/exchange.ts";
import { liveness, type LivenessReport } from "../health/liveness.ts";
import { redisCheck } from "../health/redis.ts";
import { mountHealth } from "../health/routes.ts";
import { storageCheck } from "../health/storage.ts";
import { actorMetrics } from "./actors.ts";
import { documentObservability } from "./observability_docs.ts";
import { busMetrics } from "./bus.ts";
import { httpMetrics } from "./http.ts";
import { paperMetrics } from "./paper.ts";
import { renderMetrics } from "./render.ts";
import { storeMetrics } from "./store.ts";
import { systemMetrics } from "./system.ts";
import { readSystemReadings } from "./system_readings.ts";
import { SystemRules } from "./system_rules.ts";

/** Options of {@linkcode createObservability}. */
export interface ObservabilityOptions {
  /** The running system's supervisor and bus (`startSystem`'s result fits). */
  system: {
    supervisor: Pick<Supervisor, "status" | "snapshots">;
    bus: Pick<Bus, "stats">;
  };
  config: Config;
  /**
   * The store readiness pings and paper metrics read. Default: one opened
   * from `config` on first use (its queries feed the DB metrics), closed by
   * `close()`. A store passed in is not closed.
   */
  store?: Store;
  /** Redis to PING for readiness. Default `config.redisUrl`; none: no Redis check. */
  redisUrl?: string;
  /** Deadline of each readiness check and of the bus/paper reads of a scrape. Default 2 000 ms. */
  checkTimeoutMs?: number;
  /** How long a scrape waits for the actors' metrics. Default 1 000 ms. */
  snapshotTimeoutMs?: number;
  /**
   * Store operations at least this slow are logged and counted, seconds.
   * Default `config.monitor.slowQueryMs` (`CT_SLOW_QUERY_MS`).
   */
  slowQuerySeconds?: number;
  /** Heap sampling for leak detection. */
  heap?: { sampleMs?: number; trend?: Partial<HeapTrendOptions> };
  lag?: Omit<EventLoopLagOptions, "now">;
  /** The system and application rules' settings. Default `config.alerts.rules`. */
  rules?: RuleSettings;
  /** Epoch-ms clock. Default `Date.now`. */
  now?: () => number;
  /** Default `getLogger(["ct", "observability"])`. */
  logger?: Logger;
}

/** Metrics, health and monitoring of one process. */
export interface Observability {
  readonly registry: Registry;
  readonly monitor: PerformanceMonitor;
  /**
   * The system and application rules over this process's readings. Nothing
   * evaluates them here: the caller runs the cycle (`RuleLoop`) and
   * publishes what it returns; `/metrics` mirrors their state.
   */
  readonly rules: SystemRules;
  /** The `Content-Type` of {@linkcode Observability.metrics}. */
  readonly contentType: string;
  /** The API's `onRequest` hook (HTTP metrics). */
  onRequest(info: RequestInfo): void;
  /** A store's `onQuery` hook: DB query metrics and the slow-query log. */
  readonly onQuery: QueryHook;
  /** The `/metrics` text: this process's registry merged with every actor's and the rules'. */
  metrics(): Promise<string>;
  live(): LivenessReport;
  ready(): Promise<ReadinessReport>;
  /** Stops the monitor and closes the store it opened. */
  close(): Promise<void>;
}

/**
 * Builds the metrics registry, readiness checks and performance monitor of a
 * running system, and starts the monitor.
 *
 * @example
 * ```ts ignore
 * // In startSystem, once the supervisor runs and before the API starts:
 * const obs = createObservability({ system: { supervisor, bus }, config, logger: log });
 * const app = createApp({ ...deps, extraRoutes: (app, kit) => mountObservability(app, obs, kit),
 *   onRequest: obs.onRequest });
 * // ...and on stop, after the API:
 * await obs.close();
 * ```
 */
export function createObservability(options: ObservabilityOptions): Observability {
  const { system, config } = options;
  const { supervisor, bus } = system;
  const now = options.now ?? Date.now;
  const log = options.logger ?? getLogger(["ct", "observability"]);
  const checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
  const snapshotTimeoutMs = options.snapshotTimeoutMs ?? 1_000;
  const registry = new Registry();
  const db = storeMetrics(registry);
  const monitor = new PerformanceMonitor({
    heaps: () => [
      { key: "main", bytes: Deno.memoryUsage().heapUsed },
      ...supervisor.status().filter((s) => s.state === "running" && s.lastHeartbeat !== null)
        .map((s) => ({ key: s.id, bytes: s.heapBytes, generation: s.restarts })),
    ],
    heapSampleMs: options.heap?.sampleMs,
    heapTrend: options.heap?.trend,
    lag: options.lag,
    slowQueries: {
      thresholdSeconds: options.slowQuerySeconds ?? config.monitor.slowQueryMs / 1000,
      onSlow: db.slow,
    },
    now,
    logger: log.getChild("monitor"),
  });
  const onQuery: QueryHook = (operation, seconds) => {
    db.observe(operation, seconds);
    monitor.slowQueries.hook(operation, seconds);
  };

  let opened: Promise<Store> | undefined;
  const store = (): Promise<Store> => {
    if (options.store) return Promise.resolve(options.store);
    // A failed open (database down at start) is retried on the next use.
    opened ??= openStore({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      ...config.store,
      migrate: false,
      poolSize: 2,
      connectTimeoutSeconds: Math.max(1, Math.ceil(checkTimeoutMs / 1000)),
      onQuery,
    }).catch((e) => {
      opened = undefined;
      throw e;
    });
    return opened;
  };

  const onRequest = httpMetrics(registry);
  actorMetrics(registry, () => supervisor.status(), now);
  busMetrics(registry, () => bus.stats(), checkTimeoutMs, log);
  systemMetrics(registry, {
    lag: monitor.lag,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  if (config.actors.includes("strategy")) {
    paperMetrics(registry, {
      store,
      account: config.paper.account,
      timeoutMs: checkTimeoutMs,
      log,
    });
  }

  const redisUrl = options.redisUrl ?? config.redisUrl;
  // The readiness probes' own checks: the rules see what /ready reports.
  const storage = storageCheck(store);
  const redis = redisUrl ? redisCheck(redisUrl, checkTimeoutMs) : undefined;
  const rules = new SystemRules({
    settings: options.rules ?? config.alerts.rules,
    heartbeatTimeoutMs: config.supervisor.heartbeatTimeoutMs,
    resolveTimeoutMs: config.alerts.resolveTimeoutMs,
    instance: config.instance ?? defaultInstance(config.actors),
    read: (at) =>
      readSystemReadings({
        supervisor,
        bus,
        monitor,
        dataDir: config.databaseUrl ? undefined : config.dataDir,
        storage,
        redis,
        timeoutMs: checkTimeoutMs,
      }, at),
  });
  const startedAt = now();
  monitor.start();

  return {
    registry,
    monitor,
    rules,
    contentType: registry.contentType,
    onRequest,
    onQuery,
    async metrics() {
      const snapshots = await supervisor.snapshots(snapshotTimeoutMs);
      return await renderMetrics(
        registry,
        [...snapshots.map((s) => s.metrics), rules.metrics()],
        log,
      );
    },
    live: () => liveness(supervisor.status(), startedAt, now()),
    async ready() {
      const statuses = supervisor.status();
      const checks: Check[] = [storage];
      if (redis) checks.push(redis);
      checks.push(...actorChecks(statuses, now(), config.supervisor.heartbeatTimeoutMs));
      if (statuses.some((s) => s.id === "collector")) {
        checks.push(exchangeCheck(async () => {
          const snaps = await supervisor.snapshots(Math.min(snapshotTimeoutMs, checkTimeoutMs));
          return snaps.find((s) => s.actor === "collector");
        }));
      }
      return await runChecks(checks, checkTimeoutMs);
    },
    async close() {
      await monitor.stop();
      const s = await opened?.catch(() => undefined);
      opened = undefined;
      await s?.close();
    },
  };
}

/**
 * Adds `GET /metrics` (guarded by `auth` when given: the API's read
 * protection), `GET /health` and `GET /ready` to an app. Plug it into the
 * API's `extraRoutes` hook.
 *
 * @example
 * ```ts ignore
 * createApp({ ...deps, extraRoutes: (app, kit) => mountObservability(app, obs, kit),
 *   onRequest: obs.onRequest });
 * ```
 */
export function mountObservability<E extends Env>(
  app: Hono<E>,
  obs: Pick<Observability, "metrics" | "contentType" | "live" | "ready">,
  kit?: { auth?: MiddlewareHandler<E> },
): void {
  const metrics = async (c: Context<E>) =>
    c.body(await obs.metrics(), 200, {
      "Content-Type": obs.contentType,
      "Cache-Control": "no-store",
    });
  if (kit?.auth) app.get("/metrics", kit.auth, metrics);
  else app.get("/metrics", metrics);
  mountHealth(app, { live: () => obs.live(), ready: () => obs.ready() });
  if (app instanceof OpenAPIHono) documentObservability(app.openAPIRegistry);
}

/** `host/actors`: stable across restarts, distinct between the processes of one deployment. */
function defaultInstance(actors: readonly string[]): string {
  let host = "localhost";
  try {
    host = Deno.hostname();
  } catch { /* no --allow-sys: one host is all we can tell */ }
  return `${host}/${actors.join("+")}`;
}
