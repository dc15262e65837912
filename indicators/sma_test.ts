import { SMA } from "trading-signals";
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, firstValue, randomSeries } from "./_test_utils.ts";
import { Sma, smaBatch } from "./sma.ts";

function incremental(values: Float64Array, period: number): (number | null)[] {
  const sma = new Sma(period);
  return Array.from(values, (v) => sma.update(v));
}

function reference(values: Float64Array, period: number): (number | null)[] {
  const sma = new SMA(period);
  return Array.from(values, (v) => sma.add(v));
}

Deno.test("sma matches trading-signals over 20,000 random-walk closes, incremental and batch", () => {
  const { close } = randomSeries(20_000, 1);
  for (const period of [1, 2, 20, 50]) {
    const expected = reference(close, period);
    const mine = incremental(close, period);
    const batch = smaBatch(close, period);
    for (let i = 0; i < close.length; i++) {
      assertClose(mine[i], expected[i], `sma(${period}) at ${i}`);
      assertClose(batch[i], expected[i], `smaBatch(${period}) at ${i}`);
    }
    assertSameSeries(mine, batch, `sma(${period})`);
    assertEquals(firstValue(mine), firstValue(expected));
    assertEquals(firstValue(mine), new Sma(period).warmup - 1);
  }
});

Deno.test("sma stays within 1e-9 of a fresh sum over 200,000 closes across a million-fold price drop", () => {
  // Without the periodic exact re-sum, rounding left over from the 1e6-level
  // prices would dwarf the tiny ones that follow.
  const high = randomSeries(100_000, 2, { start: 5e6 }).close;
  const low = randomSeries(100_000, 3, { start: 0.05 }).close;
  const close = new Float64Array(200_000);
  close.set(high);
  close.set(low, high.length);
  const expected = reference(close, 20);
  const batch = smaBatch(close, 20);
  const mine = incremental(close, 20);
  for (let i = 0; i < close.length; i++) {
    assertClose(mine[i], expected[i], `sma(20) at ${i}`);
  }
  assertSameSeries(mine, batch, "sma(20)");
});

Deno.test("sma batch writes into a caller's output array when one is given", () => {
  const { close } = randomSeries(100, 4);
  const out = new Float64Array(100);
  const result = smaBatch(close, 10, out);
  assertEquals(result, out);
  assertSameSeries(incremental(close, 10), out, "sma(10) into out");
  assertThrows(() => smaBatch(close, 10, new Float64Array(5)), "out has length 5");
});

Deno.test("sma rejects a period that is not a positive integer, naming it", () => {
  assertThrows(() => new Sma(0), "period must be an integer >= 1, received 0");
  assertThrows(() => new Sma(2.5), "received 2.5");
  assertThrows(() => smaBatch(new Float64Array(3), -1), "received -1");
  assertThrows(() => new Sma("20" as unknown as number), 'received "20"');
});
