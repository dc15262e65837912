/**
 * The real API under benchmark: `createApp` with every middleware on and
 * the observability routes mounted as `system/api.ts` mounts them, over a
 * real embedded store in a temp dir seeded with signals.
 *
 * - request id and access log: LogTape configured as production JSON
 *   logging is (`log/mod.ts`: the JSON-lines formatter, the batching line
 *   sink, an `AsyncLocalStorage` context store) at `info`, its lines
 *   written to `/dev/null`, so formatting and writing the access line are
 *   paid as in production; the request id travels as a bound logger in
 *   `c.var.log` and in LogTape's context, as in production;
 * - rate limit: in-memory counters, a limit no run reaches;
 * - auth: an API key with `protectReads`, so reads verify the key;
 * - CORS (one allowed origin), secure headers, body limit, handler timeout:
 *   always on in `createApp`.
 *
 * Run: `deno run -A bench/api/app_server.ts` (prints `LISTENING <port>`,
 * stops on SIGTERM).
 *
 * @module
 */
import { actorStatus } from "../../tests/actor_status.ts";
import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getLogger, reset } from "@logtape/logtape";
import { createApp } from "../../api/app.ts";
import { bufferedLineSink, jsonLinesFormatter } from "../../log/mod.ts";
import type { ActorsPort } from "../../api/deps.ts";
import { createObservability, mountObservability } from "../../api/metrics/mod.ts";
import { createMemoryRateLimitStore } from "../../api/middleware/rate_limit/mod.ts";
import { serveApi } from "../../api/serve.ts";
import { validateConfig } from "../../config/mod.ts";
import type { Signal } from "../../messages/mod.ts";
import { openStore, type QueryHook, type Store } from "../../store/mod.ts";
import type { ActorStatus } from "../../supervisor/status.ts";
import { serveUntilSignal } from "./serve_cli.ts";

/**
 * The API key the benchmark server requires and the runner sends.
 *
 * @example
 * ```ts
 * const headers = { Authorization: `Bearer ${BENCH_API_KEY}` };
 * ```
 */
export const BENCH_API_KEY = "bench-api-key-0123456789abcdef";

/** Options of {@linkcode startAppServer}. */
export interface AppServerOptions {
  /** Signals seeded into the store. Default 3 000. */
  signals?: number;
}

/**
 * The app server as started, and how to stop it (server, observability,
 * store, logging, temp dir).
 */
export interface StartedAppServer {
  server: Deno.HttpServer<Deno.NetAddr>;
  stop(): Promise<void>;
}

/** Two running actors that never restart: the API's view of a quiet system. */
function benchActors(now: number): ActorsPort & { snapshots(): Promise<[]> } {
  const status = (id: string): ActorStatus =>
    actorStatus({ id, lastHeartbeat: now, heapBytes: 1e6 });
  return {
    status: () => [status("collector"), status("analyzer")],
    restart: (id) => Promise.reject(new Error(`bench actors do not restart; received ${id}`)),
    snapshots: () => Promise.resolve([]),
  };
}

function benchSignal(i: number, t0: number): Signal {
  return {
    exchange: "binance",
    symbol: i % 2 === 0 ? "BTC/USDT" : "ETH/USDT",
    timeframe: "1m",
    strategy: i % 3 === 0 ? "ema_cross" : "rsi_reversion",
    openTime: t0 + i * 60_000,
    side: i % 2 === 0 ? "buy" : "sell",
    strength: 0.5 + (i % 5) / 10,
    price: 40_000 + (i % 97) * 10,
    reason: `bench signal ${i}`,
    indicators: { rsi_14: 30 + (i % 40), ema_12: 40_000 + i, ema_26: null },
  };
}

/**
 * Configures logging, opens and seeds a temp store, builds the app with the
 * observability routes and serves it on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts ignore
 * const app = await startAppServer({ signals: 3_000 });
 * await fetch(`http://127.0.0.1:${app.server.addr.port}/health`);
 * await app.stop();
 * ```
 */
export async function startAppServer(options: AppServerOptions = {}): Promise<StartedAppServer> {
  const devNull = await Deno.open("/dev/null", { write: true });
  const sink = bufferedLineSink({
    write: (bytes) => devNull.writeSync(bytes),
    formatter: jsonLinesFormatter(),
  });
  await configure({
    reset: true,
    sinks: { bench: sink },
    contextLocalStorage: new AsyncLocalStorage(),
    loggers: [
      { category: ["ct"], sinks: ["bench"], lowestLevel: "info" },
      { category: ["logtape", "meta"], sinks: ["bench"], lowestLevel: "warning" },
    ],
  });
  const log = getLogger(["ct", "api"]);
  const dataDir = await Deno.makeTempDir({ prefix: "ct-api-bench-" });
  let observeQuery: QueryHook | undefined;
  let store: Store | undefined;
  try {
    store = await openStore({
      dataDir,
      logger: log,
      onQuery: (operation, seconds) => observeQuery?.(operation, seconds),
    });
    const t0 = Date.UTC(2024, 0, 1);
    for (let i = 0; i < (options.signals ?? 3_000); i++) {
      await store.insertSignal(benchSignal(i, t0));
    }
    const config = validateConfig({
      dataDir,
      api: {
        host: "127.0.0.1",
        port: 0,
        apiKey: BENCH_API_KEY,
        protectReads: true,
        rateLimitPerMinute: 1_000_000_000,
        corsOrigins: ["http://localhost:5173"],
      },
      log: { level: "info" },
    });
    const actors = benchActors(Date.now());
    const obs = createObservability({
      system: {
        supervisor: actors,
        bus: { stats: () => Promise.resolve({}) },
      },
      config,
      store,
      logger: log.getChild("observability"),
    });
    observeQuery = obs.onQuery;
    const rateLimitStore = createMemoryRateLimitStore();
    const app = createApp({
      config,
      store,
      actors,
      now: () => Date.now(),
      logger: log,
      rateLimitStore,
      extraRoutes: (app, kit) => mountObservability(app, obs, kit),
      onRequest: obs.onRequest,
    });
    const server = serveApi({ app, api: config.api, logger: log });
    const opened = store;
    return {
      server,
      async stop() {
        await server.shutdown();
        await obs.close();
        await rateLimitStore.close();
        await opened.close();
        await Deno.remove(dataDir, { recursive: true });
        await reset();
        devNull.close();
      },
    };
  } catch (e) {
    await store?.close();
    await Deno.remove(dataDir, { recursive: true });
    await reset();
    devNull.close();
    throw e;
  }
}

if (import.meta.main) {
  const started = await startAppServer();
  await serveUntilSignal(started.server.addr.port, () => started.stop());
}
