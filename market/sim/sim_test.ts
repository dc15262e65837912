import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import type { Candle } from "../../messages/payloads.ts";
import { hash32, mulberry32 } from "./prng.ts";
import { SimGenerator } from "./generator.ts";
import { SimSource } from "./source.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 2, 1);
const btc = { exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

Deno.test("sim gives the same candles whatever order a range is fetched in", async () => {
  const forward = await new SimSource({ seed: "order" }).fetchClosed(btc, T0, 4320, T0 + 3 * DAY);
  // A second source with a tiny cache, fetched day by day backwards and in odd chunks.
  const other = new SimSource({ seed: "order", maxBlocks: 1 });
  const chunks: Candle[][] = [];
  for (let day = 2; day >= 0; day--) {
    const start = T0 + day * DAY;
    const late = await other.fetchClosed(btc, start + 700 * 60_000, 740, T0 + 3 * DAY);
    const early = await other.fetchClosed(btc, start, 700, T0 + 3 * DAY);
    chunks.unshift([...early, ...late]);
  }
  assertEquals(chunks.flat(), forward);
  const fiveMin = { ...btc, timeframe: "5m" };
  const a = await other.fetchClosed(fiveMin, T0 + DAY, 10, T0 + 2 * DAY);
  const b = await new SimSource({ seed: "order" }).fetchClosed(fiveMin, T0 + DAY, 10, T0 + 2 * DAY);
  assertEquals(a, b);
});

Deno.test("sim candles are valid and continuous over 100k minutes", async () => {
  const sim = new SimSource({ seed: "validity" });
  for (const symbol of ["BTC/USDT", "XRP/USDT", "ZZZ/USDT"]) {
    const series = { ...btc, symbol };
    const candles = await sim.fetchClosed(series, T0, 100_000, T0 + 100_000 * 60_000);
    assertEquals(candles.length, 100_000);
    let prev: Candle | undefined;
    for (const c of candles) {
      const ok = Number.isFinite(c.open) && Number.isFinite(c.close) && c.low > 0 &&
        c.high >= Math.max(c.open, c.close) && c.low <= Math.min(c.open, c.close) &&
        c.volume >= 0 && c.openTime % 60_000 === 0 &&
        (!prev || (prev.close === c.open && c.openTime === prev.openTime + 60_000));
      if (!ok) {
        throw new Error(
          `invalid ${symbol} candle ${JSON.stringify(c)} after ${JSON.stringify(prev)}`,
        );
      }
      prev = c;
    }
  }
});

Deno.test("sim prices and volumes sit at realistic levels", async () => {
  const sim = new SimSource({ seed: "levels" });
  const closes = async (
    symbol: string,
    timeframe = "1d",
  ) => (await sim.fetchClosed({ ...btc, symbol, timeframe }, T0, 365, T0 + 365 * DAY));
  const btcDays = await closes("BTC/USDT");
  const btcMedian = median(btcDays.map((c) => c.close));
  assert(btcMedian > 35_000 && btcMedian < 100_000, `BTC median ${btcMedian}`);
  const ethMedian = median((await closes("ETH/USDT")).map((c) => c.close));
  assert(ethMedian > 1_800 && ethMedian < 5_000, `ETH median ${ethMedian}`);
  const cross = median((await closes("ETH/BTC")).map((c) => c.close));
  assert(cross > 0.025 && cross < 0.1, `ETH/BTC median ${cross}`);
  const odd = median((await closes("QWE/USDT")).map((c) => c.close));
  assert(odd > 0.05 && odd < 2_000, `QWE/USDT median ${odd}`);
  // Daily moves of a few percent, as for BTC.
  const rets = btcDays.slice(1).map((c, i) => Math.log(c.close / btcDays[i]!.close));
  const sd = Math.sqrt(rets.reduce((s, r) => s + r * r, 0) / rets.length);
  assert(sd > 0.01 && sd < 0.06, `BTC daily volatility ${sd}`);
  const minutes = await sim.fetchClosed(btc, T0, 10_000, T0 + DAY * 10);
  const vol = median(minutes.map((c) => c.volume));
  assert(vol > 3 && vol < 200, `BTC median 1m volume ${vol}`);
});

Deno.test("sim volatility clusters in regimes and volume follows it", async () => {
  const sim = new SimSource({ seed: "regimes" });
  const m = await sim.fetchClosed(btc, T0, 100_000, T0 + 100_000 * 60_000);
  const abs = m.slice(1).map((c, i) => Math.abs(Math.log(c.close / m[i]!.close)));
  const mean = abs.reduce((a, b) => a + b, 0) / abs.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < abs.length - 1; i++) {
    num += (abs[i]! - mean) * (abs[i + 1]! - mean);
    den += (abs[i]! - mean) ** 2;
  }
  assert(num / den > 0.1, `autocorrelation of |returns| ${num / den}`);
  const big = m.slice(1).filter((_, i) => abs[i]! > 3 * mean).map((c) => c.volume);
  const small = m.slice(1).filter((_, i) => abs[i]! < mean).map((c) => c.volume);
  assert(median(big) > 1.5 * median(small), `volume ${median(big)} vs ${median(small)}`);
});

Deno.test("sim aggregates coarser timeframes from its 1m candles", async () => {
  const sim = new SimSource({ seed: "agg" });
  const [h] = await sim.fetchClosed({ ...btc, timeframe: "1h" }, T0 + 3_600_000, 1, T0 + DAY);
  const mins = await sim.fetchClosed(btc, T0 + 3_600_000, 60, T0 + DAY);
  assert(h);
  assertEquals(h.openTime, T0 + 3_600_000);
  assertEquals(h.open, mins[0]!.open);
  assertEquals(h.close, mins[59]!.close);
  assertEquals(h.high, Math.max(...mins.map((c) => c.high)));
  assertEquals(h.low, Math.min(...mins.map((c) => c.low)));
  const sum = mins.reduce((s, c) => s + c.volume, 0);
  assert(Math.abs(h.volume - sum) < 1e-4, `volume ${h.volume} vs ${sum}`);
});

Deno.test("sim returns only candles closed at now, from an aligned start", async () => {
  const sim = new SimSource();
  const now = T0 + 10 * 60_000 + 30_000;
  const got = await sim.fetchClosed(btc, T0 + 1, 100, now);
  assertEquals(got.map((c) => (c.openTime - T0) / 60_000), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assertEquals(await sim.fetchClosed(btc, now, 100, now), []);
});

Deno.test("sim markets differ by seed and reject malformed symbols", async () => {
  const a = await new SimSource({ seed: 1 }).fetchClosed(btc, T0, 5, T0 + DAY);
  const b = await new SimSource({ seed: 2 }).fetchClosed(btc, T0, 5, T0 + DAY);
  assert(a[0]!.close !== b[0]!.close);
  await assertRejects(
    () => new SimSource().fetchClosed({ ...btc, symbol: "btcusdt" }, T0, 5, T0 + DAY),
    "BASE/QUOTE",
  );
});

Deno.test("prng streams depend only on their seed and stay in [0, 1)", () => {
  const a = mulberry32(hash32("x", 1));
  const b = mulberry32(hash32("x", 1));
  let sum = 0;
  for (let i = 0; i < 10_000; i++) {
    const v = a();
    assertEquals(v, b());
    assert(v >= 0 && v < 1);
    sum += v;
  }
  assert(Math.abs(sum / 10_000 - 0.5) < 0.02);
  assert(hash32("ab", "c") !== hash32("a", "bc"));
});

Deno.test("sim has rare jumps far beyond its regimes' moves, on heavy volume", () => {
  const gen = new SimGenerator("jumps");
  const { minuteVol, minuteVolume } = gen.profile("BTC/USDT");
  const minutes = 100_000; // ~69 days: about 35 jumps at one every two days
  let prev = gen.minute("BTC/USDT", T0).close;
  const jumps: number[] = [];
  for (let i = 1; i < minutes; i++) {
    const c = gen.minute("BTC/USDT", T0 + i * 60_000);
    // 15 calm sigmas is 5 volatile ones: regimes alone would give ~0.01 such moves here.
    if (Math.abs(Math.log(c.close / prev)) > 15 * minuteVol) jumps.push(c.volume);
    prev = c.close;
  }
  assert(jumps.length >= 10 && jumps.length <= 70, `${jumps.length} jumps in ${minutes} minutes`);
  assert(median(jumps) > 3 * minuteVolume, `jump volume ${median(jumps)} vs ${minuteVolume}`);
});
