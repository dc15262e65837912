import { RSI } from "trading-signals";
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, firstValue, randomSeries } from "./_test_utils.ts";
import { Rsi, rsiBatch } from "./rsi.ts";

Deno.test("rsi matches trading-signals' Wilder RSI over 20,000 closes, incremental and batch", () => {
  const { close } = randomSeries(20_000, 21);
  for (const period of [2, 14, 30]) {
    const rsi = new Rsi(period);
    const ref = new RSI(period);
    const mine = Array.from(close, (v) => rsi.update(v));
    const expected = Array.from(close, (v) => ref.add(v));
    const batch = rsiBatch(close, period);
    for (let i = 0; i < close.length; i++) {
      assertClose(mine[i], expected[i], `rsi(${period}) at ${i}`);
      assertClose(batch[i], expected[i], `rsiBatch(${period}) at ${i}`);
    }
    assertSameSeries(mine, batch, `rsi(${period})`);
    assertEquals(firstValue(mine), firstValue(expected));
    assertEquals(rsi.warmup, firstValue(expected) + 1);
  }
});

Deno.test("rsi matches trading-signals on integer prices with unchanged closes and one-sided runs", () => {
  // Repeated closes and gain-only stretches exercise the zero-loss branch.
  const close = Float64Array.from(
    { length: 2_000 },
    (_, i) => 100 + Math.round(5 * Math.sin(i / 7)) + (i > 1500 ? i - 1500 : 0),
  );
  const rsi = new Rsi(14);
  const ref = new RSI(14);
  const mine = Array.from(close, (v) => rsi.update(v));
  close.forEach((v, i) => assertClose(mine[i], ref.add(v), `rsi(14) at ${i}`));
  assertSameSeries(mine, rsiBatch(close, 14), "rsi(14)");
});

Deno.test("rsi of a flat market is the neutral 50, not the references' 100", () => {
  const rsi = new Rsi(3);
  const values = [7, 7, 7, 7, 7].map((v) => rsi.update(v));
  assertEquals(values, [null, null, null, 50, 50]);
  assertEquals(Array.from(rsiBatch(new Float64Array([7, 7, 7, 7, 7]), 3)), [NaN, NaN, NaN, 50, 50]);
});

Deno.test("rsi rejects a period that is not a positive integer, naming it", () => {
  assertThrows(() => new Rsi(0), "period must be an integer >= 1, received 0");
  assertThrows(() => rsiBatch(new Float64Array(1), 1.5), "received 1.5");
});
