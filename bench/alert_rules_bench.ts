// deno-lint-ignore-file no-console -- a bench reports its figures on stdout
/**
 * Rule evaluation cost per cycle (target: at most 10 ms for 1,000 series).
 * 1,000 series of 100 candles each (1m, 5m and 1h), of which 5 % stale,
 * 5 % moving more than 5 % and 2 % with a volume spike, plus the system and
 * application rules over a snapshot of 6 actors and 8 topics.
 *
 * `now` advances by 1 ms every iteration so no cycle reuses the previous
 * one's scan.
 *
 * @module
 */
import {
  marketEvaluator,
  ruleMetrics,
  ruleSettingsSchema,
  SeriesWatch,
  systemEvaluator,
  type SystemSnapshot,
} from "../alerting/rules/mod.ts";
import type { Candle, Signal } from "../messages/payloads.ts";

const SERIES = 1_000;
const HISTORY = 100;
const MIN = 60_000;
const TIMEFRAMES = [["1m", MIN], ["5m", 5 * MIN], ["1h", 60 * MIN]] as const;
const START = Date.UTC(2026, 0, 1);

const settings = ruleSettingsSchema.parse({});

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The watch at `now`: every series' newest candle just closed, unless stale. */
function buildWatch(now: number): SeriesWatch {
  const rnd = random(7);
  const watch = new SeriesWatch({ capacity: 128 });
  for (let s = 0; s < SERIES; s++) {
    const [timeframe, tf] = TIMEFRAMES[s % TIMEFRAMES.length]!;
    const stale = s % 20 === 0, moving = s % 20 === 1, spike = s % 50 === 2;
    // The newest candle closed at `now`, or 5 intervals earlier for a stale series.
    const lastOpen = Math.floor(now / tf) * tf - tf - (stale ? 5 * tf : 0);
    let price = 100 + rnd() * 1_000;
    for (let i = HISTORY - 1; i >= 0; i--) {
      const openTime = lastOpen - i * tf;
      const last = i === 0;
      const prev = price;
      price = last && moving ? price * 1.08 : price * (1 + (rnd() - 0.5) * 0.002);
      const candle: Candle = {
        exchange: "binance",
        symbol: `S${s}/USDT`,
        timeframe,
        openTime,
        open: prev,
        high: Math.max(prev, price),
        low: Math.min(prev, price),
        close: price,
        volume: last && spike ? 100 : 5 + rnd() * 5,
      };
      watch.observeCandle(candle, openTime + tf);
    }
  }
  return watch;
}

const now0 = START + 10 * 60 * MIN;
const watch = buildWatch(now0);
const signals: Signal[] = Array.from({ length: 5 }, (_, i) => ({
  exchange: "binance",
  symbol: `S${i}/USDT`,
  timeframe: "1h",
  strategy: "ema_cross",
  openTime: now0 - 60 * MIN,
  side: "buy",
  strength: 0.7,
  price: 100,
  reason: "cross",
  indicators: {},
}));
const equity = [{ account: "default", equity: 8_500, peak: 10_000 }];

const snapshot: SystemSnapshot = {
  cpuPercent: 95,
  memoryPercent: 40,
  diskFreePercent: 50,
  eventLoopLagMs: 4,
  actors: ["collector", "analyzer", "strategy", "alerter", "store", "api"].map((name, i) => ({
    name,
    status: i === 1 ? "restarting" : "running",
    restartsInWindow: i === 1 ? 4 : 0,
    watchdogRecycles: 0,
  })),
  bus: ["candle", "analysis", "signal", "alert", "silence", "ack", "notification", "control"].map((
    topic,
    i,
  ) => ({ topic, group: null, backlog: i === 0 ? 6_000 : 3, lagMs: null })),
  deadLettersInWindow: 0,
  storageOk: true,
  redisOk: null,
  slowQueriesInWindow: 2,
  heapGrowth: [{ actor: "main", growing: false, slopeBytesPerMin: 0 }],
};

const market = marketEvaluator(settings);
const system = systemEvaluator(settings);
let now = now0;
// Module-level, so the engine cannot drop the work.
let sink = 0;

// Warm-up cycle: the alerts now exist, later cycles are the steady state.
sink += market.evaluate({ series: watch, signals, equity }, now).length;
const firing = market.active().length;
sink += system.evaluate(snapshot, now).length;

Deno.bench(`market rules, steady cycle, ${SERIES} series x ${HISTORY} candles (${firing} alerts)`, {
  group: "cycle",
  baseline: true,
}, () => {
  now++;
  sink += market.evaluate({ series: watch, equity }, now).length;
});

Deno.bench("market + system/application rules, steady cycle", { group: "cycle" }, () => {
  now++;
  sink += market.evaluate({ series: watch, equity }, now).length;
  sink += system.evaluate(snapshot, now).length;
  sink += market.resendDue(now, settings.resendIntervalMs).length;
});

Deno.bench(
  "market rules, first cycle (every alert new, fresh evaluator)",
  { group: "cycle" },
  () => {
    now++;
    const ev = marketEvaluator(settings);
    sink += ev.evaluate({ series: watch, signals, equity }, now).length;
  },
);

Deno.bench("system/application rules alone", { group: "cycle" }, () => {
  now++;
  sink += system.evaluate(snapshot, now).length;
});

Deno.bench("ruleMetrics of the market evaluator", () => {
  sink += ruleMetrics(market)[0]!.values.length;
});

const feed = buildWatch(now0);
let openTime = now0;
const candle: Candle = {
  exchange: "binance",
  symbol: "",
  timeframe: "1m",
  openTime: 0,
  open: 100,
  high: 101,
  low: 99,
  close: 100.5,
  volume: 7,
};
const ids = Array.from(
  { length: SERIES },
  (_, s) => [`S${s}/USDT`, TIMEFRAMES[s % TIMEFRAMES.length]![0]] as const,
);

Deno.bench(`observeCandle, one new candle for each of ${SERIES} series`, () => {
  openTime += MIN;
  for (const [symbol, timeframe] of ids) {
    candle.symbol = symbol;
    candle.timeframe = timeframe;
    candle.openTime = openTime;
    if (feed.observeCandle(candle, openTime + MIN)) sink++;
  }
});

globalThis.addEventListener("unload", () => {
  if (sink === -1) console.log(sink);
});
