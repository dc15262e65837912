import { BollingerBands as ReferenceBands, BollingerBandsWidth, PercentB } from "trading-signals";
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, firstValue, randomSeries } from "./_test_utils.ts";
import { BollingerBands, bollingerBatch } from "./bollinger.ts";

function compare(close: Float64Array, period: number, stdDev: number): void {
  const label = `bollinger(${period},${stdDev})`;
  const bb = new BollingerBands({ period, stdDev });
  const ref = new ReferenceBands(period, stdDev);
  const refPercentB = new PercentB({ interval: period, deviationMultiplier: stdDev });
  const refWidth = new BollingerBandsWidth(new ReferenceBands(period, stdDev));
  const batch = bollingerBatch(close, { period, stdDev });
  const fields = { middle: [], upper: [], lower: [], percentB: [], bandwidth: [] } as Record<
    "middle" | "upper" | "lower" | "percentB" | "bandwidth",
    (number | null)[]
  >;
  for (let i = 0; i < close.length; i++) {
    const v = bb.update(close[i]!);
    const e = ref.add(close[i]!);
    const pb = refPercentB.add(close[i]!);
    const width = refWidth.add(close[i]!);
    assertClose(v?.middle, e?.middle, `${label} middle at ${i}`);
    assertClose(v?.upper, e?.upper, `${label} upper at ${i}`);
    assertClose(v?.lower, e?.lower, `${label} lower at ${i}`);
    assertClose(v?.percentB, pb, `${label} %B at ${i}`);
    assertClose(v?.bandwidth, width, `${label} bandwidth at ${i}`);
    assertClose(batch.upper[i], e?.upper, `${label} batch upper at ${i}`);
    fields.middle.push(v?.middle ?? null);
    fields.upper.push(v?.upper ?? null);
    fields.lower.push(v?.lower ?? null);
    fields.percentB.push(v?.percentB ?? null);
    fields.bandwidth.push(v?.bandwidth ?? null);
  }
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    assertSameSeries(fields[key], batch[key], `${label} ${key}`);
  }
  assertEquals(firstValue(fields.middle), period - 1);
  assertEquals(bb.warmup, period);
}

Deno.test("bollinger matches trading-signals' bands, %B and bandwidth over 20,000 closes", () => {
  const { close } = randomSeries(20_000, 51);
  compare(close, 20, 2);
  compare(close, 5, 1.5);
});

Deno.test("bollinger stays within 1e-9 of trading-signals over 120,000 closes", () => {
  compare(randomSeries(120_000, 52).close, 20, 2);
});

Deno.test("bollinger collapses to the middle on a flat window with %B 0.5 and bandwidth 0", () => {
  const bb = new BollingerBands({ period: 3 });
  bb.update(5);
  bb.update(5);
  assertEquals({ ...bb.update(5) }, { middle: 5, upper: 5, lower: 5, percentB: 0.5, bandwidth: 0 });
});

Deno.test("bollinger rejects a non-integer period and a non-positive band width, naming them", () => {
  assertThrows(
    () => new BollingerBands({ period: 0 }),
    "bollinger.period must be an integer >= 1, received 0",
  );
  assertThrows(
    () => bollingerBatch(new Float64Array(3), { stdDev: -2 }),
    "bollinger.stdDev must be a finite number > 0, received -2",
  );
});
