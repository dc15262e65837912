import { getZScore } from "trading-signals";
import { assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, firstValue, randomSeries } from "./_test_utils.ts";
import { VolumeZScore, volumeZScoreBatch } from "./volume_zscore.ts";

/** getZScore throws on a window without variance, where ours gives null. */
function referenceZ(window: Float64Array, volume: number): number | null {
  try {
    return getZScore(Array.from(window), volume);
  } catch (e) {
    if (e instanceof Error && e.message.includes("without variance")) return null;
    throw e;
  }
}

Deno.test("volume z-score matches trading-signals' getZScore against the previous window over 20,000 candles", () => {
  const s = randomSeries(20_000, 101);
  for (const period of [2, 20, 60]) {
    const z = new VolumeZScore(period);
    const mine = Array.from(s.volume, (v) => z.update(v));
    const batch = volumeZScoreBatch(s.volume, period);
    for (let i = 0; i < mine.length; i++) {
      const expected = i < period
        ? null
        : referenceZ(s.volume.subarray(i - period, i), s.volume[i]!);
      assertClose(mine[i], expected, `volume_z(${period}) at ${i}`);
      assertClose(batch[i], expected, `volumeZScoreBatch(${period}) at ${i}`);
    }
    assertSameSeries(mine, batch, `volume_z(${period})`);
    assertEquals(firstValue(mine), period);
    assertEquals(z.warmup, period + 1);
  }
});

Deno.test("volume z-score is null when the baseline window has no variance", () => {
  const z = new VolumeZScore(3);
  assertEquals([5, 5, 5, 9, 1].map((v) => z.update(v)).slice(0, 4), [null, null, null, null]);
  assertEquals(Array.from(volumeZScoreBatch(new Float64Array([5, 5, 5, 9]), 3)), [
    NaN,
    NaN,
    NaN,
    NaN,
  ]);
});

Deno.test("volume z-score rejects a period below 2, naming it", () => {
  assertThrows(() => new VolumeZScore(1), "period must be an integer >= 2, received 1");
  assertThrows(() => volumeZScoreBatch(new Float64Array(3), 0), "received 0");
});
