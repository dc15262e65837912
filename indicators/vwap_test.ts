import { VWAP } from "trading-signals";
import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import { assertClose, assertSameSeries, randomSeries } from "./_test_utils.ts";
import { Vwap, vwapBatch } from "./vwap.ts";

const DAY = 86_400_000;

/** trading-signals' VWAP is cumulative; a fresh one per UTC day anchors it. */
function reference(s: ReturnType<typeof randomSeries>): (number | null)[] {
  let day = NaN;
  let ref = new VWAP();
  return s.candles.map((c) => {
    const d = Math.floor(c.openTime / DAY);
    if (d !== day) {
      day = d;
      ref = new VWAP();
    }
    ref.add(c);
    // It returns null for a zero-volume candle but keeps the session value.
    return ref.getResult();
  });
}

Deno.test("vwap matches trading-signals restarted each UTC day over 20,000 minute and hour candles", () => {
  for (const stepMs of [60_000, 3_600_000]) {
    // A high zero-volume share makes some sessions open without volume.
    const s = randomSeries(20_000, 91, { stepMs, zeroVolumeShare: 0.2 });
    const vwap = new Vwap();
    const mine = s.candles.map((c) => vwap.update(c.openTime, c.high, c.low, c.close, c.volume));
    const expected = reference(s);
    const batch = vwapBatch(s.openTime, s.high, s.low, s.close, s.volume);
    for (let i = 0; i < mine.length; i++) {
      assertClose(mine[i], expected[i], `vwap(${stepMs} ms) at ${i}`);
      assertClose(batch[i], expected[i], `vwapBatch(${stepMs} ms) at ${i}`);
    }
    assertSameSeries(mine, batch, `vwap(${stepMs} ms)`);
    // The fixture must exercise sessions that open without volume.
    assert(mine.includes(null), `no volume-less session opening at ${stepMs} ms`);
  }
});

Deno.test("vwap resets at 00:00 UTC and weights typical price by volume", () => {
  const vwap = new Vwap();
  const lastMinute = Date.UTC(2024, 4, 1, 23, 59);
  assertEquals(vwap.update(lastMinute - 60_000, 12, 9, 9, 1), 10);
  assertEquals(vwap.update(lastMinute, 22, 19, 19, 3), (10 * 1 + 20 * 3) / 4);
  assertEquals(vwap.update(lastMinute + 60_000, 32, 29, 29, 2), 30);
});

Deno.test("vwap is null until the day has traded volume", () => {
  const vwap = new Vwap();
  const midnight = Date.UTC(2024, 4, 2);
  assertEquals(vwap.update(midnight, 12, 9, 9, 0), null);
  assertEquals(vwap.update(midnight + 60_000, 12, 9, 9, 2), 10);
  assertEquals(vwap.update(midnight + 120_000, 22, 19, 19, 0), 10);
});

Deno.test("vwap batch rejects misaligned inputs, naming them", () => {
  const a = new Float64Array(2);
  assertThrows(
    () => vwapBatch(a, a, a, a, new Float64Array(1)),
    "volume has length 1 but openTime has length 2",
  );
});
