import { assert, assertEquals } from "../tests/assert.ts";
import { type HeapSample, heapTrend, type HeapTrendOptions, linearFit } from "./heap_trend.ts";

const MIN = 60_000;
const opts: HeapTrendOptions = {
  windowMs: 30 * MIN,
  slices: 15,
  minSlopeBytesPerSecond: 16 * 1024,
  minR2: 0.8,
  minCoverage: 0.8,
};
const T0 = Date.UTC(2024, 0, 1);

/** A sample every `stepMs` over `minutes`, heap from `bytes(t)` with t in ms since start. */
function series(minutes: number, stepMs: number, bytes: (t: number) => number): HeapSample[] {
  const out: HeapSample[] = [];
  for (let t = 0; t <= minutes * MIN; t += stepMs) out.push({ at: T0 + t, bytes: bytes(t) });
  return out;
}

/** Deterministic noise in [-1, 1). */
function noise(i: number): number {
  const x = Math.sin(i * 12.9898) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

Deno.test("linear fit recovers an exact line and rates it a perfect fit", () => {
  const fit = linearFit([0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x })));
  assertEquals(fit, { slope: 2, intercept: 5, r2: 1, n: 4 });
  assertEquals(linearFit([{ x: 1, y: 1 }]), null);
  assertEquals(linearFit([{ x: 1, y: 1 }, { x: 1, y: 2 }]), null);
});

Deno.test("a heap rising steadily by 1 MiB a minute is reported as growing", () => {
  const samples = series(30, 15_000, (t) => 60e6 + (t / MIN) * 1024 * 1024);
  const trend = heapTrend(samples, T0 + 30 * MIN, opts)!;
  assert(trend.growing, JSON.stringify(trend));
  assert(
    Math.abs(trend.slopeBytesPerSecond - 1024 * 1024 / 60) < 100,
    `${trend.slopeBytesPerSecond}`,
  );
  assert(trend.r2 > 0.99);
});

Deno.test("a steady rise under GC sawtooth and noise is still reported: the floor rises", () => {
  // Allocations pile up 4 MB over each 2-minute GC cycle, but 1 MiB/min is retained.
  const samples = series(
    30,
    15_000,
    (t) =>
      60e6 + (t / MIN) * 1024 * 1024 + ((t % (2 * MIN)) / (2 * MIN)) * 4e6 +
      noise(t / 15_000) * 2e5,
  );
  const trend = heapTrend(samples, T0 + 30 * MIN, opts)!;
  assert(trend.growing, JSON.stringify(trend));
});

Deno.test("a GC sawtooth around a level floor is not reported, whatever its period", () => {
  for (const periodMin of [0.5, 1, 2, 3, 5, 7, 11]) {
    for (const phase of [0, 0.3, 0.7]) {
      const period = periodMin * MIN;
      const samples = series(30, 15_000, (t) => {
        const p = ((t + phase * period) % period) / period;
        return 60e6 + p * 40e6 + noise(t / 15_000) * 5e5;
      });
      const trend = heapTrend(samples, T0 + 30 * MIN, opts)!;
      assert(trend !== null, `period ${periodMin} min`);
      assert(!trend.growing, `period ${periodMin} min phase ${phase}: ${JSON.stringify(trend)}`);
    }
  }
});

Deno.test("a rise that is too slow or too ragged is not reported", () => {
  const slow = series(30, 15_000, (t) => 60e6 + (t / MIN) * 100_000);
  assertEquals(heapTrend(slow, T0 + 30 * MIN, opts)!.growing, false);
  // One jump (a cache filled once) then flat: the floor does not rise steadily.
  const step = series(30, 15_000, (t) => (t < 3 * MIN ? 60e6 : 120e6) + noise(t) * 3e6);
  const trend = heapTrend(step, T0 + 30 * MIN, opts)!;
  assert(!trend.growing, JSON.stringify(trend));
});

Deno.test("heap trend gives no verdict before enough of the window holds samples", () => {
  const samples = series(10, 15_000, (t) => 60e6 + t * 100);
  assertEquals(heapTrend(samples, T0 + 10 * MIN, opts)?.growing, undefined);
  assertEquals(heapTrend(samples, T0 + 10 * MIN, opts), null);
  // Samples older than the window are ignored.
  assertEquals(heapTrend(samples, T0 + 60 * MIN, opts), null);
});
