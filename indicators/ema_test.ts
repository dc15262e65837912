import { EMA } from "technicalindicators";
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, firstValue, randomSeries } from "./_test_utils.ts";
import { Ema, emaBatch } from "./ema.ts";

Deno.test("ema matches technicalindicators' SMA-seeded EMA over 20,000 closes, incremental and batch", () => {
  const { close } = randomSeries(20_000, 11);
  for (const period of [1, 2, 12, 26, 200]) {
    const ema = new Ema(period);
    const mine = Array.from(close, (v) => ema.update(v));
    const batch = emaBatch(close, period);
    const expected = EMA.calculate({ period, values: Array.from(close) });
    const offset = close.length - expected.length;
    assertEquals(offset, period - 1);
    assertEquals(firstValue(mine), offset);
    assertEquals(ema.warmup, offset + 1);
    for (let i = 0; i < close.length; i++) {
      const e = i < offset ? null : expected[i - offset];
      assertClose(mine[i], e, `ema(${period}) at ${i}`);
      assertClose(batch[i], e, `emaBatch(${period}) at ${i}`);
    }
    assertSameSeries(mine, batch, `ema(${period})`);
  }
});

Deno.test("ema seeds with the mean of the first period values", () => {
  const ema = new Ema(3);
  ema.update(3);
  ema.update(6);
  assertEquals(ema.update(12), (3 + 6 + 12) / 3);
  assertEquals(ema.update(15), (15 - 7) * 0.5 + 7);
});

Deno.test("ema rejects a period that is not a positive integer, naming it", () => {
  assertThrows(() => new Ema(0), "period must be an integer >= 1, received 0");
  assertThrows(() => emaBatch(new Float64Array(1), Number.NaN), "received NaN");
});
