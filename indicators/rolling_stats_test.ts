import { getAverage, getStandardDeviation } from "trading-signals";
import { assert, assertEquals } from "../tests/assert.ts";
import { assertClose, randomSeries } from "./_test_utils.ts";
import { RollingStats, rollingStatsBatch } from "./rolling_stats.ts";

function check(values: Float64Array, period: number, label: string): void {
  const stats = new RollingStats(period);
  const mean = new Float64Array(values.length);
  const variance = new Float64Array(values.length);
  rollingStatsBatch(values, period, mean, variance);
  for (let i = 0; i < values.length; i++) {
    stats.push(values[i]!);
    assertEquals(stats.full, i >= period - 1);
    if (!stats.full) {
      assertEquals(Number.isNaN(mean[i]) && Number.isNaN(variance[i]), true);
      continue;
    }
    const window = Array.from(values.subarray(i - period + 1, i + 1));
    const average = getAverage(window);
    const sd = getStandardDeviation(window, average);
    const sdMine = Math.sqrt(stats.variance());
    assertClose(stats.mean(), average, `${label} mean at ${i}`);
    // Relative to σ itself, with a floor of 1e-9·σ-scale: the hard part.
    if (Math.abs(sdMine - sd) > 1e-9 * sd) {
      throw new Error(`${label} σ at ${i}: got ${sdMine}, reference ${sd}`);
    }
    assertEquals(mean[i], stats.mean());
    assertEquals(variance[i], stats.variance());
  }
}

Deno.test("rolling stats keep σ within 1e-9 relative of a two-pass reference over 120,000 prices", () => {
  check(randomSeries(120_000, 41).close, 20, "random walk");
});

Deno.test("rolling stats keep σ within 1e-9 relative at 1e6 with a spread of 1e-3", () => {
  // Σx² − n·mean² would lose all digits here (relative spread 1e-9).
  const { close } = randomSeries(50_000, 42, { start: 1, volatility: 1e-3 });
  const values = close.map((c) => 1e6 + c);
  check(values, 20, "near 1e6");
});

Deno.test("rolling stats of a window that turned constant have exactly zero variance at once", () => {
  // Volatile values first, so the sliding sums carry rounding residue.
  const values = [...randomSeries(37, 43).close, ...Array(5).fill(3.3)];
  const stats = new RollingStats(5);
  const mean = new Float64Array(values.length);
  const variance = new Float64Array(values.length);
  rollingStatsBatch(Float64Array.from(values), 5, mean, variance);
  for (const v of values) stats.push(v);
  assertEquals([stats.mean(), stats.variance()], [3.3, 0]);
  assertEquals([mean.at(-1), variance.at(-1)], [3.3, 0]);
  assert(variance.at(-2)! > 0);
});
