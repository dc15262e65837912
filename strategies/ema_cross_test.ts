import { assert, assertEquals } from "../tests/assert.ts";
import { crossings, fromCloses, MIN, repeat, T0 } from "./_fixtures.ts";
import { emaCross, type EmaState, emaStep } from "./ema_cross.ts";
import { resolveStrategies } from "./registry.ts";
import { analyse, replaySignals } from "./replay.ts";

// Flat at 100, a step up to 101 at candle 40, a step down to 99 at candle 70:
// EMA12 reacts faster than EMA26 to each step, so it crosses above at 40 and
// below at 70, and stays on one side in between (both converge on 101 from
// below, EMA12 always closer).
const CLOSES = [...repeat(100, 40), ...repeat(101, 30), ...repeat(99, 10)];
const at = (openTime: number) => (openTime - T0) / MIN;

Deno.test("the fixture's EMA12 crosses EMA26 exactly at candles 40 and 70 in the analyzer's own numbers", () => {
  const analyses = analyse(fromCloses(CLOSES));
  const cross = crossings(
    analyses.map((a) => a.indicators.ema_12 ?? null),
    analyses.map((a) => a.indicators.ema_26 ?? null),
  );
  assertEquals(cross, { up: [40], down: [70] });
});

Deno.test("ema_cross buys on the candle EMA12 crosses above EMA26 and sells on the cross below", () => {
  const candles = fromCloses(CLOSES);
  const { signals } = replaySignals(resolveStrategies([{ id: "ema_cross" }]), candles);
  assertEquals(signals.map((s) => [at(s.openTime), s.side]), [[40, "buy"], [70, "sell"]]);
  assertEquals(signals[0]!.price, 101, "price is the crossing candle's close");
});

Deno.test("ema_cross strength is the EMA gap over gap plus one ATR", () => {
  const candles = fromCloses(CLOSES);
  const analyses = analyse(candles);
  const { signals } = replaySignals(resolveStrategies([{ id: "ema_cross" }]), candles);
  for (const s of signals) {
    const { ema_12, ema_26, atr_14 } = analyses[at(s.openTime)]!.indicators;
    const gap = Math.abs(ema_12! - ema_26!);
    assertEquals(s.strength, gap / (gap + atr_14!));
    assertEquals(s.indicators.ema_12, ema_12);
    assertEquals(s.indicators.ema_26, ema_26);
    assertEquals(s.indicators.atr_14, atr_14);
  }
});

Deno.test("the strategy's own EMAs are bit-identical to the analyzer's for the same periods", () => {
  const closes = Array.from({ length: 200 }, (_, i) => 100 + 10 * Math.sin(i / 7) + (i % 3));
  const analyses = analyse(fromCloses(closes), { ema: [9, 21] });
  let fast: EmaState = { count: 0, sum: 0, value: null };
  let slow: EmaState = { count: 0, sum: 0, value: null };
  closes.forEach((close, i) => {
    fast = emaStep(fast, 9, close);
    slow = emaStep(slow, 21, close);
    assert(Object.is(fast.value, analyses[i]!.indicators.ema_9), `ema_9 at ${i}`);
    assert(Object.is(slow.value, analyses[i]!.indicators.ema_21), `ema_21 at ${i}`);
  });
});

Deno.test("ema_cross with custom periods signals where the analyzer's EMAs of those periods cross", () => {
  const closes = Array.from({ length: 300 }, (_, i) => 100 + 10 * Math.sin(i / 9) + (i % 4));
  const candles = fromCloses(closes);
  const analyses = analyse(candles, { ema: [5, 13] });
  const cross = crossings(
    analyses.map((a) => a.indicators.ema_5 ?? null),
    analyses.map((a) => a.indicators.ema_13 ?? null),
  );
  const { signals } = replaySignals(
    resolveStrategies([{ id: "ema_cross", params: { fast: 5, slow: 13 } }]),
    candles,
  );
  assert(cross.up.length > 3 && cross.down.length > 3, "the fixture has several crosses");
  assertEquals(signals.filter((s) => s.side === "buy").map((s) => at(s.openTime)), cross.up);
  assertEquals(signals.filter((s) => s.side === "sell").map((s) => at(s.openTime)), cross.down);
});

Deno.test("ema_cross needs slow + 1 candles of warm-up and its state is plain data", () => {
  const params = emaCross.parameters.parse({ fast: 3, slow: 8 });
  assertEquals(emaCross.warmup(params), 9);
  const state = emaCross.initialState(params);
  assertEquals(JSON.parse(JSON.stringify(state)), state);
});
