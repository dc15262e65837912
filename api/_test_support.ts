/**
 * Builds an API over a real embedded store in a temp dir, seeded with
 * candles, signals, a wallet, a position and trades, for the API tests.
 *
 * @module
 */
import { actorStatus } from "../tests/actor_status.ts";
import { getLogger } from "@logtape/logtape";
import { type Config, validateConfig } from "../config/mod.ts";
import type { Candle, Signal } from "../messages/mod.ts";
import type { Position, Trade } from "../paper/mod.ts";
import { openStore, type Store } from "../store/mod.ts";
import type { ActorStatus } from "../supervisor/status.ts";
import { createApp } from "./app.ts";
import type { ActorsPort, ApiApp, ApiDeps } from "./deps.ts";

/**
 * The seeded series.
 *
 * @example
 * ```ts ignore
 * await store.latestCandles(SERIES, 1);
 * ```
 */
export const SERIES = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" } as const;
/**
 * Open time of the first seeded candle: 2024-01-01T18:00Z, so the 800
 * candles cross midnight and the newest day holds fewer than the indicator
 * window (the window is then exactly `INDICATOR_HISTORY` candles).
 *
 * @example
 * ```ts ignore
 * new Date(T0).toISOString(); // "2024-01-01T18:00:00.000Z"
 * ```
 */
export const T0 = Date.UTC(2024, 0, 1, 18);
/**
 * Candles seeded.
 *
 * @example
 * ```ts ignore
 * seededCandles(CANDLES).at(-1)!.openTime; // T0 + 799 minutes
 * ```
 */
export const CANDLES = 800;
/**
 * Signals seeded, one per 10th candle, alternating strategies.
 *
 * @example
 * ```ts ignore
 * (await store.signals({ limit: 100 })).length; // SIGNALS
 * ```
 */
export const SIGNALS = 25;

/**
 * A deterministic price walk of `n` 1m candles from {@linkcode T0}.
 *
 * @example
 * ```ts
 * seededCandles(3).length; // 3
 * ```
 */
export function seededCandles(n: number): Candle[] {
  const out: Candle[] = [];
  let price = 40_000;
  for (let i = 0; i < n; i++) {
    const open = price;
    price = price * (1 + Math.sin(i / 7) * 0.002 + Math.cos(i / 23) * 0.001);
    out.push({
      ...SERIES,
      openTime: T0 + i * 60_000,
      open,
      high: Math.max(open, price) * 1.0005,
      low: Math.min(open, price) * 0.9995,
      close: price,
      volume: 10 + (i % 13),
    });
  }
  return out;
}

function signal(i: number, candle: Candle): Signal {
  return {
    ...SERIES,
    strategy: i % 2 === 0 ? "ema_cross" : "rsi_reversion",
    openTime: candle.openTime,
    side: i % 3 === 0 ? "sell" : "buy",
    strength: 0.5,
    price: candle.close,
    reason: `seeded signal ${i}`,
    indicators: { rsi_14: 40 + i, ema_12: null },
  };
}

function trade(i: number, exitTime: number, pnl: number): Trade {
  return {
    id: `default:ema_cross:binance:BTC/USDT:1m:${exitTime - 120_000}`,
    account: "default",
    strategy: i % 2 === 0 ? "ema_cross" : "rsi_reversion",
    ...SERIES,
    qty: 0.01,
    entryPrice: 40_000,
    exitPrice: 40_000 + pnl * 100,
    entryTime: exitTime - 120_000,
    exitTime,
    pnl,
    pnlPct: pnl / 400,
    fees: 0.8,
    exitReason: "signal",
  };
}

/**
 * The seeded trades: 2 on day one, 1 on day two (exit times).
 *
 * @example
 * ```ts ignore
 * TRADES.reduce((sum, t) => sum + t.pnl, 0); // 14
 * ```
 */
export const TRADES: readonly Trade[] = [
  trade(0, T0 + 3_600_000, 12),
  trade(1, T0 + 7_200_000, -4),
  trade(2, T0 + 86_400_000 + 60_000, 6),
];

/**
 * The seeded open position.
 *
 * @example
 * ```ts ignore
 * (await store.positions())[0]?.id === POSITION.id; // true
 * ```
 */
export const POSITION: Position = {
  id: "default:ema_cross:binance:BTC/USDT:1m:" + (T0 + 700 * 60_000),
  account: "default",
  strategy: "ema_cross",
  ...SERIES,
  qty: 0.02,
  entryPrice: 41_000,
  entryTime: T0 + 700 * 60_000,
  stopLoss: null,
  takeProfit: null,
  trailingStop: null,
  highWater: 41_000,
  entryFee: 0.82,
};

/**
 * Seeds `store` with candles, signals, trades, a wallet and a position.
 *
 * @example
 * ```ts ignore
 * const candles = await seed(await openStore({ dataDir }));
 * ```
 */
export async function seed(store: Store): Promise<Candle[]> {
  const candles = seededCandles(CANDLES);
  await store.upsertCandles(candles);
  for (let i = 0; i < SIGNALS; i++) await store.insertSignal(signal(i, candles[i * 10]!));
  for (const t of TRADES) {
    await store.openPosition({
      ...POSITION,
      id: t.id,
      strategy: t.strategy,
      entryTime: t.entryTime,
    });
    await store.closePosition(t.id, t);
  }
  await store.openPosition(POSITION);
  await store.saveWallet({
    account: "default",
    cash: 9_000,
    startingBalance: 10_000,
    updatedAt: T0 + 700 * 60_000,
  });
  return candles;
}

/**
 * Actors as the API sees them: a list and a restart that records its calls.
 *
 * @example
 * ```ts ignore
 * const actors = new TestActors(["analyzer"]);
 * await actors.restart("analyzer");
 * actors.restarted; // ["analyzer"]
 * ```
 */
export class TestActors implements ActorsPort {
  readonly restarted: string[] = [];
  constructor(readonly ids: readonly string[] = ["collector", "analyzer"]) {}
  status(): ActorStatus[] {
    return this.ids.map((id) =>
      actorStatus({
        id,
        restarts: this.restarted.filter((r) => r === id).length,
        lastHeartbeat: T0,
        messagesIn: 5,
        messagesOut: 5,
        heapBytes: 1e6,
      })
    );
  }
  restart(id: string): Promise<void> {
    this.restarted.push(id);
    return Promise.resolve();
  }
}

/**
 * A seeded store, an app over it, and how to clean up.
 *
 * @example
 * ```ts ignore
 * const f: ApiFixture = await openApiFixture();
 * await f.close();
 * ```
 */
export interface ApiFixture {
  app: ApiApp;
  store: Store;
  config: Config;
  actors: TestActors;
  candles: Candle[];
  dataDir: string;
  /** Rebuilds an app over the same store with other config or deps. */
  build(overrides?: { api?: Partial<Config["api"]>; deps?: Partial<ApiDeps> }): ApiApp;
  close(): Promise<void>;
}

/**
 * Opens a temp store, seeds it and builds an app (clock frozen at `now`).
 * The rate limit is lifted unless `api.rateLimitPerMinute` is given: route
 * tests make more than 60 requests in their frozen minute.
 *
 * @example
 * ```ts ignore
 * const f = await openApiFixture({ api: { rateLimitPerMinute: 60 } });
 * (await f.app.request("/api/v1/trades")).status; // 200
 * await f.close();
 * ```
 */
export async function openApiFixture(
  options: { api?: Partial<Config["api"]>; now?: () => number } = {},
): Promise<ApiFixture> {
  const dataDir = await Deno.makeTempDir({ prefix: "ct-api-" });
  const store = await openStore({ dataDir });
  const candles = await seed(store);
  const actors = new TestActors();
  const now = options.now ?? (() => T0 + CANDLES * 60_000);
  const configFor = (api: Partial<Config["api"]> = {}) =>
    validateConfig({
      dataDir,
      watchlist: { exchange: "binance", symbols: ["BTC/USDT", "ETH/USDT"], timeframes: ["1m"] },
      api: { rateLimitPerMinute: 1_000_000, ...options.api, ...api },
      log: { level: "error" },
    });
  const config = configFor();
  const build: ApiFixture["build"] = (overrides = {}) =>
    createApp({
      config: configFor(overrides.api),
      store,
      actors,
      now,
      logger: getLogger(["ct", "test", "api"]),
      ...overrides.deps,
    });
  return {
    app: build(),
    store,
    config,
    actors,
    candles,
    dataDir,
    build,
    async close() {
      await store.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}
