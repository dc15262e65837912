import { assertEquals } from "../tests/assert.ts";
import { crossings, fromCloses, MIN, repeat, T0 } from "./_fixtures.ts";
import { resolveStrategies } from "./registry.ts";
import { analyse, replaySignals } from "./replay.ts";

// Flat at 100 until every MACD output is warm (both lines 0), a jump to 110
// at 45 (MACD leaps above its lagging signal line), one more candle at 110,
// then a drop to 90 at 47 that pulls MACD back under the signal line.
const CLOSES = [...repeat(100, 45), 110, 110, 90, 90, 90];
const at = (openTime: number) => (openTime - T0) / MIN;

Deno.test("the fixture's MACD crosses its signal line at candles 45 and 47 in the analyzer's numbers", () => {
  const analyses = analyse(fromCloses(CLOSES));
  const cross = crossings(
    analyses.map((a) => a.indicators.macd ?? null),
    analyses.map((a) => a.indicators.macd_signal ?? null),
  );
  assertEquals(cross, { up: [45], down: [47] });
});

Deno.test("macd_cross buys when MACD crosses above its signal line and sells when it crosses below", () => {
  const candles = fromCloses(CLOSES);
  const analyses = analyse(candles);
  const { signals } = replaySignals(resolveStrategies([{ id: "macd_cross" }]), candles);
  assertEquals(signals.map((s) => [at(s.openTime), s.side]), [[45, "buy"], [47, "sell"]]);
  for (const s of signals) {
    const { macd, macd_signal, atr_14 } = analyses[at(s.openTime)]!.indicators;
    const gap = Math.abs(macd! - macd_signal!);
    assertEquals(s.strength, gap / (gap + atr_14!), "histogram over histogram plus one ATR");
    assertEquals(s.indicators, { macd: macd!, macd_signal: macd_signal!, atr_14: atr_14! });
  }
});

Deno.test("macd_cross with the zero-line filter drops a buy above zero and keeps a sell above zero", () => {
  const { signals } = replaySignals(
    resolveStrategies([{ id: "macd_cross", params: { zeroLineFilter: true } }]),
    fromCloses(CLOSES),
  );
  assertEquals(signals.map((s) => [at(s.openTime), s.side]), [[47, "sell"]]);
});
