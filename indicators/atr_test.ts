import { ATR } from "trading-signals";
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, firstValue, randomSeries } from "./_test_utils.ts";
import { Atr, atrBatch } from "./atr.ts";

Deno.test("atr matches trading-signals' Wilder ATR over 20,000 candles, incremental and batch", () => {
  const s = randomSeries(20_000, 61);
  for (const period of [1, 14, 30]) {
    const atr = new Atr(period);
    const ref = new ATR(period);
    const mine = s.candles.map((c) => atr.update(c.high, c.low, c.close));
    const expected = s.candles.map((c) => ref.add({ high: c.high, low: c.low, close: c.close }));
    const batch = atrBatch(s.high, s.low, s.close, period);
    for (let i = 0; i < mine.length; i++) {
      assertClose(mine[i], expected[i], `atr(${period}) at ${i}`);
      assertClose(batch[i], expected[i], `atrBatch(${period}) at ${i}`);
    }
    assertSameSeries(mine, batch, `atr(${period})`);
    assertEquals(firstValue(mine), firstValue(expected));
    assertEquals(atr.warmup, firstValue(expected) + 1);
  }
});

Deno.test("atr counts a gap from the previous close in the true range", () => {
  const atr = new Atr(1);
  atr.update(11, 9, 10);
  // High − low is 1, but the gap up from the close at 10 makes the range 5.
  assertEquals(atr.update(15, 14, 14.5), 5);
});

Deno.test("atr rejects a bad period and misaligned inputs, naming them", () => {
  assertThrows(() => new Atr(0), "period must be an integer >= 1, received 0");
  assertThrows(
    () => atrBatch(new Float64Array(3), new Float64Array(2), new Float64Array(3), 14),
    "low has length 2 but high has length 3",
  );
});
