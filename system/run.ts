import type { Logger } from "@logtape/logtape";
import { actorRegistry, actorSpecs } from "../actors/registry.ts";
import type { ApiDeps } from "../api/mod.ts";
import { createInProcessBus, type InProcessTransport } from "../bus/in_process/mod.ts";
import type { Bus } from "../bus/types.ts";
import type { Config } from "../config/mod.ts";
import { ConfigError, errorMessage } from "../lib/errors.ts";
import { createMessage, type MessageOf } from "../messages/mod.ts";
import { resolveStrategies } from "../strategies/mod.ts";
import { migrate } from "../store/mod.ts";
import { Supervisor } from "../supervisor/mod.ts";
import { alertPublisher } from "./alert_publisher.ts";
import { startApi, type StartedApi } from "./api.ts";
import { systemClockSpec } from "./clock_spec.ts";
import { shutdownSignals, STOP_OVERRAN_CODE, stopWithin } from "./shutdown.ts";
import { supervisorOptions } from "./supervisor_options.ts";

/** A started system: what tests and the API reach into. */
export interface RunningSystem {
  supervisor: Supervisor;
  /** The in-process transport; absent with Redis. */
  transport?: InProcessTransport;
  /** This process's own bus client. */
  bus: Bus;
  /** The REST API's HTTP server (`server.addr` tells the port when `api.port` is 0). */
  server: Deno.HttpServer<Deno.NetAddr>;
  /**
   * Stops the rule loop (after a last evaluation) and the API, every actor
   * in reverse order, then the bus.
   */
  stop(): Promise<void>;
}

/**
 * Optional extras of {@linkcode startSystem}.
 *
 * @example
 * ```ts ignore
 * await startSystem(config, log, { api: { onRequest: httpMetrics(registry) } });
 * ```
 */
export interface StartOptions {
  /** Hooks into the API: operational routes (`/metrics`, `/health`) and per-request metrics. */
  api?: Pick<ApiDeps, "extraRoutes" | "onRequest">;
}

/**
 * Starts the system: checks what can be checked up front, migrates storage,
 * opens the bus, declares every consumer group and starts the supervisor.
 * The composition root: the only place that builds concrete dependencies.
 *
 * @example
 * ```ts ignore
 * const system = await startSystem(config, log);
 * await system.stop();
 * ```
 */
export async function startSystem(
  config: Config,
  log: Logger,
  options: StartOptions = {},
): Promise<RunningSystem> {
  checkStrategies(config);
  const { applied } = await migrate({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...config.store,
  });
  if (applied.length > 0) log.info("storage migrated: {applied}", { applied: applied.join(", ") });
  const transport = config.redisUrl ? undefined : createInProcessBus({
    maxAttempts: config.bus.maxAttempts,
    onDeadLetter: (d) =>
      log.error("dead letter on {topic} for {group}: {error}", { ...d, message: undefined }),
  });
  const bus = transport ? transport.connect() : await openRedis(config, log);
  // Every role's groups, even those run by other processes, so nothing
  // published before they start is missed.
  for (const [name, entry] of Object.entries(actorRegistry)) {
    if (entry.consumes.length > 0) await bus.declare(name, entry.consumes);
  }
  const clock = await systemClockSpec(config, Date.now(), log);
  const publishAlert = alertPublisher({ bus, handOver: (m) => supervisor.handOver(m), log });
  const passOn = (message: MessageOf<"alert">) =>
    publishAlert(message).catch((e) =>
      log.error("{alertname} for {actor} not published: {error}", {
        alertname: message.payload.labels.alertname,
        actor: message.payload.labels.actor,
        error: errorMessage(e),
      })
    );
  const supervisor: Supervisor = new Supervisor({
    ...supervisorOptions(config, actorSpecs(config), clock, log),
    transport,
    // Event alerts only (a leaked thread); the alert manager's resolve
    // timeout ends them. Failed and recycled actors are rules' (system/api.ts).
    alert: (a) => {
      const now = Date.now();
      passOn(createMessage("alert", {
        labels: { alertname: a.alertname, severity: a.severity, actor: a.actor },
        annotations: { summary: a.summary },
        state: "firing",
        startsAt: now,
      }, { source: "supervisor", key: `alert:${a.alertname}`, now }));
    },
    // An actor's alert its own bus client did not take (Redis unreachable).
    relayAlert: passOn,
  });
  await supervisor.start();
  let api: StartedApi;
  try {
    api = await startApi(config, log.getChild("api"), supervisor, bus, options);
  } catch (e) {
    await supervisor.stop();
    await bus.close();
    throw e;
  }
  return {
    supervisor,
    transport,
    bus,
    server: api.server,
    async stop() {
      // The API first: no restart request may race the supervisor's shutdown.
      await api.stop();
      await supervisor.stop();
      await bus.close();
    },
  };
}

/**
 * Runs the system until a shutdown signal, escalation or `stopWhen` (the
 * heart gone); returns the exit code.
 *
 * @example
 * ```ts ignore
 * Deno.exit(await runSystem(config, getLogger(["ct", "main"])));
 * ```
 */
export async function runSystem(
  config: Config,
  log: Logger,
  stopWhen?: Promise<void>,
): Promise<number> {
  const signalled = shutdownSignals({ log });
  const stopRequested = stopWhen === undefined ? signalled : Promise.race([
    signalled,
    stopWhen.then(() => {
      log.warn("the heart that started this process is gone: stopping");
      return 0;
    }),
  ]);
  const system = await startSystem(config, log);
  log.info("running {actors}", { actors: config.actors.join(", ") });
  const code = await Promise.race([system.supervisor.done, stopRequested]);
  log.info("stopping (exit code {code})", { code });
  const boundMs = config.supervisor.shutdownTimeoutMs;
  if (!await stopWithin(() => system.stop(), boundMs)) {
    log.error("stop did not finish within {boundMs} ms (supervisor.shutdownTimeoutMs); exiting", {
      boundMs,
    });
    return code === 0 ? STOP_OVERRAN_CODE : code;
  }
  log.info("stopped");
  return code;
}

/** Unknown strategies, bad parameters or symbols off the watchlist stop start-up. */
function checkStrategies(config: Config): void {
  if (!config.actors.includes("strategy")) return;
  try {
    resolveStrategies(config.strategies);
  } catch (e) {
    throw new ConfigError(`strategies: ${errorMessage(e)}`);
  }
  const watched = config.watchlist.symbols;
  config.strategies.forEach((s, i) => {
    const off = (s.symbols ?? []).filter((symbol) => !watched.includes(symbol));
    if (off.length > 0) {
      throw new ConfigError(
        `strategies.${i}.symbols: expected symbols of the watchlist (${
          watched.join(", ")
        }), received ${off.join(", ")}`,
      );
    }
  });
}

async function openRedis(config: Config, log: Logger): Promise<Bus> {
  const { createRedisBus } = await import("../bus/redis/mod.ts");
  return await createRedisBus({
    url: config.redisUrl!,
    prefix: config.bus.prefix,
    partitions: config.bus.partitions,
    leaseMs: config.bus.leaseMs,
    claimIdleMs: config.bus.claimIdleMs,
    maxAttempts: config.bus.maxAttempts,
    logger: log,
  });
}
