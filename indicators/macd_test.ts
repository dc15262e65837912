import { MACD } from "technicalindicators";
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, firstValue, randomSeries } from "./_test_utils.ts";
import { Macd, macdBatch, type MacdOptions } from "./macd.ts";

Deno.test("macd matches technicalindicators with EMA oscillator and signal over 20,000 closes", () => {
  const { close } = randomSeries(20_000, 31);
  const cases: Required<MacdOptions>[] = [
    { fast: 12, slow: 26, signal: 9 },
    { fast: 3, slow: 10, signal: 1 },
    { fast: 5, slow: 35, signal: 5 },
  ];
  for (const periods of cases) {
    const label = `macd(${periods.fast},${periods.slow},${periods.signal})`;
    const macd = new Macd(periods);
    const line: (number | null)[] = [];
    const signal: (number | null)[] = [];
    const histogram: (number | null)[] = [];
    for (const c of close) {
      const v = macd.update(c);
      line.push(v?.macd ?? null);
      signal.push(v?.signal ?? null);
      histogram.push(v?.histogram ?? null);
    }
    const expected = MACD.calculate({
      values: Array.from(close),
      fastPeriod: periods.fast,
      slowPeriod: periods.slow,
      signalPeriod: periods.signal,
      SimpleMAOscillator: false,
      SimpleMASignal: false,
    });
    const offset = close.length - expected.length;
    assertEquals(firstValue(line), offset);
    assertEquals(firstValue(histogram), offset + periods.signal - 1);
    assertEquals(macd.warmup, firstValue(histogram) + 1);
    const batch = macdBatch(close, periods);
    for (let i = 0; i < close.length; i++) {
      const e = i < offset ? undefined : expected[i - offset];
      assertClose(line[i], e?.MACD, `${label} line at ${i}`);
      assertClose(signal[i], e?.signal, `${label} signal at ${i}`);
      assertClose(histogram[i], e?.histogram, `${label} histogram at ${i}`);
      assertClose(batch.macd[i], e?.MACD, `${label} batch line at ${i}`);
      assertClose(batch.signal[i], e?.signal, `${label} batch signal at ${i}`);
      assertClose(batch.histogram[i], e?.histogram, `${label} batch histogram at ${i}`);
    }
    assertSameSeries(line, batch.macd, `${label} line`);
    assertSameSeries(signal, batch.signal, `${label} signal`);
    assertSameSeries(histogram, batch.histogram, `${label} histogram`);
  }
});

Deno.test("macd batch handles inputs shorter than the slow period", () => {
  const { macd, signal, histogram } = macdBatch(new Float64Array([1, 2, 3]));
  assertEquals([...macd, ...signal, ...histogram].every(Number.isNaN), true);
  assertEquals(macdBatch(new Float64Array(0)).macd.length, 0);
});

Deno.test("macd rejects periods that are not positive integers or a fast period not below the slow one", () => {
  assertThrows(() => new Macd({ fast: 0 }), "macd.fast must be an integer >= 1, received 0");
  assertThrows(
    () => new Macd({ signal: 2.5 }),
    "macd.signal must be an integer >= 1, received 2.5",
  );
  assertThrows(
    () => macdBatch(new Float64Array(3), { fast: 26, slow: 12 }),
    "macd.fast must be < macd.slow, received fast 26 and slow 12",
  );
});
