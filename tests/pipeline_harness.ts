/**
 * Runs the real system in process (real workers, in-process bus, embedded
 * store in a temp dir) on a replayed series, for the end-to-end tests.
 */
import { getLogger } from "@logtape/logtape";
import { type Config, validateConfig } from "../config/mod.ts";
import { formatKlineLine } from "../market/replay/kline_csv.ts";
import { SimSource } from "../market/sim/mod.ts";
import type { Candle } from "../messages/mod.ts";
import { openStore, type Store } from "../store/mod.ts";
import { type RunningSystem, startSystem } from "../system/run.ts";

export const SERIES = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" } as const;

/** `count` simulated 1m candles from 2024-01-01, and the same as a Binance kline CSV file. */
export async function replayFile(count: number, seed = "pipeline") {
  const sim = new SimSource({ seed });
  const start = Date.UTC(2024, 0, 1);
  const candles: Candle[] = [];
  while (candles.length < count) {
    const since = start + candles.length * 60_000;
    candles.push(
      ...await sim.fetchClosed(
        SERIES,
        since,
        Math.min(1000, count - candles.length),
        Number.MAX_SAFE_INTEGER,
      ),
    );
  }
  await sim.close();
  const path = await Deno.makeTempFile({ prefix: "ct-replay-", suffix: ".csv" });
  await Deno.writeTextFile(path, candles.map((c) => formatKlineLine(c, 60_000)).join("\n") + "\n");
  return { path, candles };
}

/** Options of {@linkcode startPipeline}. */
export interface PipelineOptions {
  /** Replay clock factor. Default 1. */
  speed?: number;
  /** Redis Streams under this key prefix instead of the in-process bus. */
  redis?: { url: string; prefix: string };
  /** Per-actor settings, e.g. `{ analyzer: { isolation: "process" } }`. */
  actorSettings?: Record<string, Record<string, unknown>>;
}

/**
 * A system replaying `file`, storing in a fresh temp dir: the first
 * `backfill` candles arrive at start, the rest as the replay clock (at
 * `speed`) closes them.
 */
export async function startPipeline(
  file: string,
  backfill: number,
  options: PipelineOptions = {},
) {
  const { speed = 1, redis, actorSettings } = options;
  const dataDir = await Deno.makeTempDir({ prefix: "ct-pipeline-" });
  const config: Config = validateConfig({
    ...(redis ? { redisUrl: redis.url, bus: { prefix: redis.prefix } } : {}),
    ...(actorSettings ? { actorSettings } : {}),
    source: "replay",
    replayFile: file,
    dataDir,
    collector: { backfillCandles: backfill },
    speed,
    watchlist: {
      exchange: SERIES.exchange,
      symbols: [SERIES.symbol],
      timeframes: [SERIES.timeframe],
    },
    log: { level: (Deno.env.get("CT_TEST_LOG_LEVEL") ?? "error") as "error" },
    // Any free port: tests run in parallel, and a developer may have one on 8000.
    api: { port: 0 },
    supervisor: {
      heartbeatIntervalMs: 200,
      heartbeatTimeoutMs: 5_000,
      statusIntervalMs: 3_600_000,
    },
  });
  const system: RunningSystem = await startSystem(config, getLogger(["ct", "test"]));
  return { system, config, dataDir };
}

/**
 * How many of the file's candles the strategy has applied, read from its
 * stored progress mark (written for every analysis it applies, in order).
 * Candles travel singly and in batches, so the bus's message counts cannot
 * tell.
 */
export async function applied(store: Store): Promise<number> {
  const mark = await store.tradingProgress("default", SERIES);
  return mark === null ? 0 : (mark - Date.UTC(2024, 0, 1)) / 60_000 + 1;
}

/**
 * Polls {@linkcode applied} on the run's store until `done` holds of it.
 *
 * @example
 * ```ts ignore
 * await untilApplied(run, (n) => n >= 500, 60_000, "500 candles applied");
 * ```
 */
export async function untilApplied(
  run: { dataDir: string },
  done: (applied: number) => boolean | Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const store: Store = await openStore({ dataDir: run.dataDir, migrate: false });
  try {
    const until = Date.now() + ms;
    for (let n = await applied(store); !await done(n); n = await applied(store)) {
      if (Date.now() > until) {
        throw new Error(`timed out after ${ms} ms waiting for ${what} (${n} applied)`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await store.close();
  }
}

/**
 * Waits until the first `count` candles of the file went through the
 * analyzer and the strategy, and neither group has anything waiting.
 */
export async function waitProcessed(
  run: { system: RunningSystem; dataDir: string },
  count: number,
  ms = 60_000,
): Promise<void> {
  await untilApplied(
    run,
    // Any transport: then every group of the two topics has handled all it got.
    async (n) => {
      if (n < count) return false;
      const stats = await run.system.bus.stats();
      return stats.candle?.backlog === 0 && stats.analysis?.backlog === 0;
    },
    ms,
    `${count} candles through analyzer and strategy`,
  );
}

/** Everything the run stored that must not depend on restarts. */
export async function outcome(dataDir: string) {
  const store: Store = await openStore({ dataDir, migrate: false });
  try {
    const signals = (await store.signals({ limit: 100_000 })).map(({ id: _id, ...s }) => s)
      .sort((a, b) => a.openTime - b.openTime || a.strategy.localeCompare(b.strategy));
    return {
      candles: (await store.candles({ ...SERIES })).length,
      signals,
      trades: await store.trades({ limit: 100_000 }),
      positions: await store.positions(),
      orders: await store.orders({ limit: 100_000 }),
      wallet: await store.wallet("default"),
    };
  } finally {
    await store.close();
  }
}
