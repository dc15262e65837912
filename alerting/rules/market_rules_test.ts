import { assertEquals } from "../../tests/assert.ts";
import type { Candle, Signal } from "../../messages/payloads.ts";
import { ruleSettingsSchema } from "./config.ts";
import { dailySummaryInstance } from "./daily_summary.ts";
import { marketEvaluator } from "./evaluators.ts";
import { EquityPeaks, type MarketInputs, marketRules } from "./market_rules.ts";
import { SeriesWatch } from "./series_watch.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const settings = ruleSettingsSchema.parse({});

function candle(
  symbol: string,
  timeframe: string,
  openTime: number,
  close: number,
  volume = 1,
): Candle {
  return {
    exchange: "binance",
    symbol,
    timeframe,
    openTime,
    open: close,
    high: close,
    low: close,
    close,
    volume,
  };
}

function instances(name: string, inputs: MarketInputs, now: number) {
  const rule = marketRules(settings).find((r) => r.name === name)!;
  return rule.evaluate(inputs, now).map((i) => [i.labels.symbol ?? i.labels.account, i.value]);
}

/** A series of `n` flat 1m candles at 100 ending with `last`, the newest opened at `end`. */
function flat(
  watch: SeriesWatch,
  symbol: string,
  end: number,
  last: { close?: number; volume?: number },
) {
  for (let i = 60; i >= 1; i--) watch.observeCandle(candle(symbol, "1m", end - i * MIN, 100), 0);
  watch.observeCandle(candle(symbol, "1m", end, last.close ?? 100, last.volume ?? 1), 0);
}

Deno.test("StaleData holds after 3 intervals of 1m without a candle", () => {
  const watch = new SeriesWatch();
  watch.observeCandle(candle("BTC/USDT", "1m", 0, 1), MIN);
  // The candle closed at 1m; three intervals later is 4m.
  assertEquals(instances("StaleData", { series: watch }, 4 * MIN - 1), []);
  assertEquals(instances("StaleData", { series: watch }, 4 * MIN), [["BTC/USDT", 3]]);
});

Deno.test("StaleData holds after 3 intervals of 1h without a candle", () => {
  const watch = new SeriesWatch();
  watch.observeCandle(candle("ETH/USDT", "1h", 0, 1), HOUR);
  assertEquals(instances("StaleData", { series: watch }, 4 * HOUR - 1), []);
  assertEquals(instances("StaleData", { series: watch }, 4 * HOUR), [["ETH/USDT", 3]]);
});

Deno.test("a stale series fires at once and resolves when its next candle arrives", () => {
  const ev = marketEvaluator(settings);
  const watch = new SeriesWatch();
  watch.observeCandle(candle("BTC/USDT", "1m", 0, 1), MIN);
  const [fired] = ev.evaluate({ series: watch }, 4 * MIN);
  assertEquals([fired!.state, fired!.labels], ["firing", {
    alertname: "StaleData",
    severity: "warning",
    exchange: "binance",
    symbol: "BTC/USDT",
    timeframe: "1m",
  }]);
  assertEquals(fired!.annotations.summary, "No candle for BTC/USDT 1m on binance for 3+ intervals");
  watch.observeCandle(candle("BTC/USDT", "1m", 4 * MIN, 1), 5 * MIN);
  assertEquals(ev.evaluate({ series: watch }, 5 * MIN).map((a) => a.state), ["resolved"]);
});

Deno.test("PriceMove holds above 5 % within the hour, up or down, and not at 5 %", () => {
  const watch = new SeriesWatch();
  flat(watch, "AT", 60 * MIN, { close: 105 });
  flat(watch, "UP", 60 * MIN, { close: 105.01 });
  flat(watch, "DOWN", 60 * MIN, { close: 94 });
  const out = instances("PriceMove", { series: watch }, 61 * MIN);
  assertEquals(out.map(([s]) => s), ["UP", "DOWN"]);
  assertEquals(Math.round((out[0]![1] as number) * 100) / 100, 5.01);
  assertEquals(out[1]![1], -6);
});

Deno.test("a price move is announced with its direction and the window", () => {
  const ev = marketEvaluator(settings);
  const watch = new SeriesWatch();
  flat(watch, "SOL/USDT", 60 * MIN, { close: 93.5 });
  const [a] = ev.evaluate({ series: watch }, 61 * MIN);
  assertEquals(a!.labels.alertname, "PriceMove");
  assertEquals(a!.annotations.summary, "SOL/USDT moved -6.5% within 1h (1m candles, binance)");
  assertEquals([a!.annotations.direction, a!.annotations.price], ["down", "93.5"]);
});

Deno.test("VolumeSpike holds above 5x the mean of the last 20 candles and not at 5x", () => {
  const watch = new SeriesWatch();
  flat(watch, "AT", 60 * MIN, { volume: 5 });
  flat(watch, "ABOVE", 60 * MIN, { volume: 5.01 });
  assertEquals(instances("VolumeSpike", { series: watch }, 61 * MIN), [["ABOVE", 5.01]]);
});

Deno.test("a stale series raises StaleData but not its old move or spike", () => {
  const watch = new SeriesWatch();
  flat(watch, "OLD", 60 * MIN, { close: 120, volume: 50 });
  const inputs = { series: watch };
  assertEquals(instances("PriceMove", inputs, 61 * MIN).length, 1);
  assertEquals(instances("StaleData", inputs, 64 * MIN), [["OLD", 3]]);
  assertEquals(instances("PriceMove", inputs, 64 * MIN), []);
  assertEquals(instances("VolumeSpike", inputs, 64 * MIN), []);
});

Deno.test("the series rules see a candle taken between two evaluations at the same time", () => {
  const ev = marketEvaluator(settings);
  const watch = new SeriesWatch();
  flat(watch, "X", 60 * MIN, {});
  assertEquals(ev.evaluate({ series: watch }, 61 * MIN), []);
  watch.observeCandle(candle("X", "1m", 61 * MIN, 120), 0);
  assertEquals(ev.evaluate({ series: watch }, 61 * MIN).map((a) => a.labels.alertname), [
    "PriceMove",
  ]);
});

function signal(openTime: number, side: "buy" | "sell" = "buy"): Signal {
  return {
    exchange: "binance",
    symbol: "BTC/USDT",
    timeframe: "1h",
    strategy: "ema_cross",
    openTime,
    side,
    strength: 0.8,
    price: 64_000,
    reason: "EMA 12 crossed above EMA 26",
    indicators: {},
  };
}

Deno.test("each signal fires at once as its own alert, holds for holdMs, then resolves", () => {
  const ev = marketEvaluator(settings);
  const series = new SeriesWatch();
  const fired = ev.evaluate({ series, signals: [signal(0), signal(HOUR, "sell")] }, 0);
  assertEquals(fired.map((a) => [a.state, a.labels.side, a.labels.candle]), [
    ["firing", "buy", "1970-01-01T00:00:00.000Z"],
    ["firing", "sell", "1970-01-01T01:00:00.000Z"],
  ]);
  assertEquals(fired[0]!.labels.severity, "info");
  assertEquals(fired[0]!.annotations, {
    summary: "buy BTC/USDT 1h (ema_cross)",
    description: "buy at 64000 (strength 0.80): EMA 12 crossed above EMA 26",
  });
  assertEquals(ev.evaluate({ series, signals: [] }, 15_000), []);
  assertEquals(ev.evaluate({ series }, 5 * MIN - 1), []);
  assertEquals(ev.evaluate({ series }, 5 * MIN).map((a) => [a.state, a.endsAt]), [
    ["resolved", 5 * MIN],
    ["resolved", 5 * MIN],
  ]);
});

Deno.test("PaperDrawdown holds above 10 % below the peak and not at 10 %", () => {
  const series = new SeriesWatch();
  const equity = [
    { account: "at", equity: 9_000, peak: 10_000 },
    { account: "above", equity: 8_999, peak: 10_000 },
    { account: "empty", equity: 0, peak: 0 },
  ];
  const out = instances("PaperDrawdown", { series, equity }, 0);
  assertEquals(out.map(([a]) => a), ["above"]);
  assertEquals(Math.round((out[0]![1] as number) * 100) / 100, 10.01);
});

Deno.test("equity peaks remember the highest equity per account", () => {
  const peaks = new EquityPeaks();
  peaks.observe("a", 100);
  peaks.observe("a", 120);
  assertEquals(peaks.observe("a", 90), { account: "a", equity: 90, peak: 120 });
  assertEquals(peaks.observe("b", 5), { account: "b", equity: 5, peak: 5 });
});

Deno.test("a daily summary given at its cron time fires at once and resolves after its hold", () => {
  const ev = marketEvaluator(settings);
  const series = new SeriesWatch();
  const day = Date.UTC(2026, 0, 2);
  const summary = dailySummaryInstance([], day - 24 * HOUR, day);
  const [a] = ev.evaluate({ series, dailySummaries: [summary] }, day);
  assertEquals([a!.state, a!.labels, a!.annotations.summary], [
    "firing",
    { alertname: "DailyPnlSummary", severity: "info", day: "2026-01-01" },
    "2026-01-01: no trades closed",
  ]);
  assertEquals(ev.evaluate({ series }, day + HOUR - 1), []);
  assertEquals(ev.evaluate({ series }, day + HOUR).map((x) => x.state), ["resolved"]);
});

Deno.test("disabled market rules are skipped", () => {
  const ev = marketEvaluator(ruleSettingsSchema.parse({ disabled: ["SignalGenerated"] }));
  assertEquals(ev.evaluate({ series: new SeriesWatch(), signals: [signal(0)] }, 0), []);
});
