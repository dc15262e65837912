import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import type { Candle } from "../../messages/payloads.ts";
import { SeriesWatch } from "./series_watch.ts";

const MIN = 60_000;
const BTC = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };

function candle(openTime: number, close: number, volume = 1, open = close): Candle {
  return {
    ...BTC,
    openTime,
    open,
    high: Math.max(open, close),
    low: Math.min(open, close),
    close,
    volume,
  };
}

Deno.test("candles are kept newest last; the same open time replaces, an older one is ignored", () => {
  const w = new SeriesWatch({ capacity: 4 });
  assert(w.observeCandle(candle(0, 10), MIN));
  assert(w.observeCandle(candle(MIN, 11), 2 * MIN));
  assert(w.observeCandle(candle(MIN, 12), 2 * MIN));
  assertEquals(w.observeCandle(candle(0, 99), 2 * MIN), false);
  const ring = w.get(BTC)!;
  assertEquals([ring.size, ring.lastOpenTime, ring.lastClose], [2, MIN, 12]);
  assertEquals(ring.labels, BTC);
});

Deno.test("the ring keeps only its capacity of candles", () => {
  const w = new SeriesWatch({ capacity: 3 });
  for (let i = 0; i < 10; i++) w.observeCandle(candle(i * MIN, 100 + i), 0);
  const ring = w.get(BTC)!;
  assertEquals(ring.size, 3);
  // The oldest held is candle 7: a 1 h window reaches back only that far.
  assertEquals(ring.changePercent(60 * MIN), 100 * (109 - 107) / 107);
});

Deno.test("intervals since the last candle count from when it closed", () => {
  const w = new SeriesWatch();
  w.observeCandle(candle(0, 1), MIN);
  const ring = w.get(BTC)!;
  assertEquals(ring.intervalsSinceLast(MIN), 0);
  assertEquals(ring.intervalsSinceLast(4 * MIN), 3);
});

Deno.test("an expected series counts its silence from when it was expected", () => {
  const w = new SeriesWatch();
  w.expect({ ...BTC, timeframe: "1h" }, 1_000);
  const ring = w.get({ ...BTC, timeframe: "1h" })!;
  assertEquals(ring.intervalsSinceLast(1_000 + 2 * 60 * MIN), 2);
  assertEquals(ring.changePercent(60 * MIN), undefined);
});

Deno.test("change compares the newest close with the close a window earlier", () => {
  const w = new SeriesWatch();
  for (let i = 0; i <= 120; i++) w.observeCandle(candle(i * MIN, 100 + i), 0);
  // Newest opened at 120m closes 220; the candle opened at 60m closed 160.
  assertEquals(w.get(BTC)!.changePercent(60 * MIN), 100 * (220 - 160) / 160);
});

Deno.test("with a gap, change uses the newest candle at or before the window's start", () => {
  const w = new SeriesWatch();
  w.observeCandle(candle(0, 100), 0);
  w.observeCandle(candle(50 * MIN, 105), 0);
  w.observeCandle(candle(70 * MIN, 110), 0);
  assertEquals(w.get(BTC)!.changePercent(60 * MIN), 10);
});

Deno.test("a single candle's change is against its own open", () => {
  const w = new SeriesWatch();
  w.observeCandle(candle(0, 90, 1, 100), 0);
  assertEquals(w.get(BTC)!.changePercent(60 * MIN), -10);
});

Deno.test("volume ratio is the newest volume over the mean of the previous ones", () => {
  const w = new SeriesWatch();
  for (let i = 0; i < 20; i++) w.observeCandle(candle(i * MIN, 1, i % 2 === 0 ? 1 : 3), 0);
  assertEquals(w.get(BTC)!.volumeRatio(20), undefined); // 19 before the newest: too few
  w.observeCandle(candle(20 * MIN, 1, 10), 0);
  assertEquals(w.get(BTC)!.volumeRatio(20), 5);
});

Deno.test("version changes with every accepted candle and every series added or removed", () => {
  const w = new SeriesWatch();
  const v0 = w.version;
  w.observeCandle(candle(MIN, 1), 0);
  const v1 = w.version;
  w.observeCandle(candle(0, 1), 0);
  assertEquals(w.version, v1);
  assert(w.forget(BTC));
  assert(v1 !== v0 && w.version !== v1);
  assertEquals(w.size, 0);
});

Deno.test("bad options and timeframes are refused", () => {
  assertThrows(() => new SeriesWatch({ capacity: 1 }), "received 1");
  assertThrows(
    () => new SeriesWatch().observeCandle({ ...candle(0, 1), timeframe: "1M" }, 0),
    '"1M"',
  );
});
