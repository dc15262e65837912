import { assertEquals } from "../tests/assert.ts";
import { crossings, fromCloses, MIN, T0 } from "./_fixtures.ts";
import { resolveStrategies } from "./registry.ts";
import { analyse, replaySignals } from "./replay.ts";

// 30 candles falling by 1 (every change a loss, so Wilder RSI14 is exactly 0),
// then +10 at candle 30: avg gain 10/14, avg loss 13/14, RSI = 100·10/23 ≈ 43.5,
// crossing up through 30 there. Five more +10 candles push RSI past 70 (high
// ≈ 84.8 at 35); a −30 candle at 36 drops it back through 70.
const CLOSES = [
  ...Array.from({ length: 30 }, (_, i) => 200 - i),
  ...Array.from({ length: 6 }, (_, i) => 181 + 10 * i),
  200,
  170,
];
const at = (openTime: number) => (openTime - T0) / MIN;

Deno.test("the fixture's RSI is 0 after the fall and 100·10/23 on the rebound candle", () => {
  const rsi = analyse(fromCloses(CLOSES)).map((a) => a.indicators.rsi_14 ?? null);
  assertEquals(rsi[29], 0);
  assertEquals(Math.abs(rsi[30]! - 1000 / 23) < 1e-9, true);
});

Deno.test("rsi_reversion buys when RSI crosses up through oversold and sells when it crosses down through overbought", () => {
  const { signals } = replaySignals(
    resolveStrategies([{ id: "rsi_reversion" }]),
    fromCloses(CLOSES),
  );
  assertEquals(signals.map((s) => [at(s.openTime), s.side]), [[30, "buy"], [36, "sell"]]);
});

Deno.test("rsi_reversion strength measures how deep the excursion went", () => {
  const candles = fromCloses(CLOSES);
  const rsi = analyse(candles).map((a) => a.indicators.rsi_14 ?? null);
  const { signals } = replaySignals(resolveStrategies([{ id: "rsi_reversion" }]), candles);
  const [buy, sell] = signals;
  assertEquals(buy!.strength, 1, "RSI went all the way to 0: (30 − 0) / 30");
  const highest = Math.max(...rsi.slice(30, 36).map((v) => v!));
  assertEquals(sell!.strength, (highest - 70) / 30);
  assertEquals(sell!.indicators, { rsi_14: rsi[36]! });
});

Deno.test("rsi_reversion honours custom levels", () => {
  const candles = fromCloses(CLOSES);
  // 45 is above the rebound's 43.5, so the buy cross moves to the next candle
  // (61.5); 90 is never reached, so there is no sell.
  const { signals } = replaySignals(
    resolveStrategies([{ id: "rsi_reversion", params: { oversold: 45, overbought: 90 } }]),
    candles,
  );
  assertEquals(signals.map((s) => [at(s.openTime), s.side]), [[31, "buy"]]);
});

Deno.test("rsi_reversion with another period signals where the analyzer's RSI of that period crosses the levels", () => {
  const candles = fromCloses(CLOSES);
  const [strategy] = resolveStrategies([{ id: "rsi_reversion", params: { period: 7 } }]);
  assertEquals(strategy!.strategy.uses(strategy!.params), ["rsi_7"]);
  const rsi7 = analyse(candles, { rsi: 7 }).map((a) => a.indicators.rsi_7 ?? null);
  const level = (v: number) => rsi7.map(() => v);
  const expected = [
    ...crossings(rsi7, level(30)).up.map((i) => [i, "buy"]),
    ...crossings(rsi7, level(70)).down.map((i) => [i, "sell"]),
  ].sort((a, b) => (a[0] as number) - (b[0] as number));
  const { signals } = replaySignals([strategy!], candles, { indicators: { rsi: 7 } });
  assertEquals(signals.length > 0, true);
  assertEquals(signals.map((s) => [at(s.openTime), s.side]), expected);
});
