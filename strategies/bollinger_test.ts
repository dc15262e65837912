import { assertEquals } from "../tests/assert.ts";
import { alternate, fromCloses, MIN, T0 } from "./_fixtures.ts";
import { resolveStrategies } from "./registry.ts";
import { analyse, replaySignals } from "./replay.ts";

// A quiet 100/101 zig-zag keeps the 20-candle bands near 99.5–101.5; a spike
// to 110 at 30 closes above the upper band and 100.5 at 31 brings it back
// inside; a plunge to 90 at 45 closes below the lower band and 100.5 at 46
// brings it back.
const CLOSES = [
  ...alternate(100, 101, 30),
  110,
  100.5,
  ...alternate(100, 101, 13),
  90,
  100.5,
  100,
  101,
];
const at = (openTime: number) => (openTime - T0) / MIN;

Deno.test("the fixture's closes leave and re-enter the bands exactly at 30/31 and 45/46", () => {
  const pctB = analyse(fromCloses(CLOSES)).map((a) => a.indicators.bb_pct_b!);
  const outside = pctB.flatMap((b, i) => (b > 1 || b < 0 ? [i] : []));
  assertEquals(outside, [30, 45]);
});

Deno.test("bollinger in breakout mode buys the break above the upper band and sells the break below the lower", () => {
  const { signals } = replaySignals(resolveStrategies([{ id: "bollinger" }]), fromCloses(CLOSES));
  assertEquals(signals.map((s) => [at(s.openTime), s.side]), [[30, "buy"], [45, "sell"]]);
});

Deno.test("bollinger in reversion mode sells the return from above and buys the return from below", () => {
  const { signals } = replaySignals(
    resolveStrategies([{ id: "bollinger", params: { mode: "reversion" } }]),
    fromCloses(CLOSES),
  );
  assertEquals(signals.map((s) => [at(s.openTime), s.side]), [[31, "sell"], [46, "buy"]]);
});

Deno.test("bollinger strength is the %B move on the crossing candle, capped at 1", () => {
  const candles = fromCloses(CLOSES);
  const pctB = analyse(candles).map((a) => a.indicators.bb_pct_b!);
  const { signals } = replaySignals(
    resolveStrategies([{ id: "bollinger", name: "b" }, {
      id: "bollinger",
      name: "r",
      params: { mode: "reversion" },
    }]),
    candles,
  );
  assertEquals(signals.length, 4);
  for (const s of signals) {
    const i = at(s.openTime);
    assertEquals(s.strength, Math.min(1, Math.abs(pctB[i]! - pctB[i - 1]!)));
  }
});
