import { OBV } from "technicalindicators";
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, randomSeries } from "./_test_utils.ts";
import { Obv, obvBatch } from "./obv.ts";

Deno.test("obv matches technicalindicators' running total over 20,000 candles, starting from 0", () => {
  const s = randomSeries(20_000, 81);
  const obv = new Obv();
  const mine = s.candles.map((c) => obv.update(c.close, c.volume));
  const expected = OBV.calculate({ close: Array.from(s.close), volume: Array.from(s.volume) });
  // The reference has no value for the first candle; ours is the 0 it starts from.
  assertEquals(expected.length, mine.length - 1);
  assertEquals(mine[0], 0);
  const batch = obvBatch(s.close, s.volume);
  for (let i = 1; i < mine.length; i++) {
    assertClose(mine[i], expected[i - 1], `obv at ${i}`);
    assertClose(batch[i], expected[i - 1], `obvBatch at ${i}`);
  }
  assertSameSeries(mine, batch, "obv");
});

Deno.test("obv leaves the total unchanged when the close is unchanged", () => {
  const obv = new Obv();
  assertEquals([obv.update(10, 4), obv.update(10, 9), obv.update(9, 2)], [0, 0, -2]);
});

Deno.test("obv batch rejects misaligned inputs, naming them", () => {
  assertThrows(
    () => obvBatch(new Float64Array(2), new Float64Array(3)),
    "volume has length 3 but close has length 2",
  );
});
