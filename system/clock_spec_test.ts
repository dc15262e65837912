import { validateConfig } from "../config/mod.ts";
import { clockFrom, systemClock } from "../lib/clock.ts";
import { formatKlineLine } from "../market/replay/mod.ts";
import { assertEquals } from "../tests/assert.ts";
import { clockSpecFor } from "./clock_spec.ts";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

Deno.test("a simulated market's actors share a clock running --speed times faster from now", async () => {
  const spec = await clockSpecFor(validateConfig({ source: "sim", speed: 600 }), NOW);
  assertEquals(spec, { start: NOW, realStart: NOW, speed: 600 });
  // An actor builds its clock 40 ms after the supervisor described it.
  let real = NOW + 40;
  const clock = clockFrom(spec, () => real);
  assertEquals(clock.now(), NOW + 40 * 600);
  real += 1_000;
  assertEquals(clock.now(), NOW + 1_040 * 600, "ten simulated minutes a real second");
});

Deno.test("a simulated market resumes where its stored candles end when they run ahead of now", async () => {
  const config = validateConfig({
    source: "sim",
    speed: 600,
    watchlist: { exchange: "binance", symbols: ["BTC/USDT", "ETH/USDT"], timeframes: ["1m", "5m"] },
  });
  const asked: string[] = [];
  const newest: Record<string, number> = {
    "BTC/USDT 1m": NOW + 3 * 3_600_000,
    "ETH/USDT 5m": NOW + 3 * 3_600_000 - 300_000,
  };
  const spec = await clockSpecFor(config, NOW, (s) => {
    asked.push(`${s.exchange} ${s.symbol} ${s.timeframe}`);
    return Promise.resolve(newest[`${s.symbol} ${s.timeframe}`] ?? null);
  });
  // The later of the two closes: BTC's 1m candle closes a minute after it opens, ETH's 5m one at 3 h.
  assertEquals(spec, { start: NOW + 3 * 3_600_000 + 60_000, realStart: NOW, speed: 600 });
  assertEquals(asked.sort(), [
    "binance BTC/USDT 1m",
    "binance BTC/USDT 5m",
    "binance ETH/USDT 1m",
    "binance ETH/USDT 5m",
  ]);
});

Deno.test("a simulated market whose stored candles are behind, or absent, starts from now", async () => {
  const config = validateConfig({ source: "sim", speed: 60 });
  const behind = await clockSpecFor(config, NOW, () => Promise.resolve(NOW - 3_600_000));
  assertEquals(behind.start, NOW);
  assertEquals((await clockSpecFor(config, NOW, () => Promise.resolve(null))).start, NOW);
});

Deno.test("a live market keeps wall time whatever --speed says", async () => {
  const spec = await clockSpecFor(validateConfig({ source: "ccxt", speed: 600 }), NOW);
  assertEquals(spec.speed, 1);
  assertEquals(clockFrom(spec), systemClock);
});

Deno.test("a replay's clock starts past the candles the collector backfills from the file", async () => {
  const file = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    const t0 = Date.UTC(2024, 0, 1);
    const rows = [0, 1, 2].map((i) =>
      formatKlineLine(
        { openTime: t0 + i * 60_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 },
        60_000,
      )
    );
    await Deno.writeTextFile(file, rows.join("\n") + "\n");
    const config = validateConfig({
      source: "replay",
      replayFile: file,
      speed: 60,
      collector: { backfillCandles: 2 },
      watchlist: { exchange: "binance", symbols: ["BTC/USDT"], timeframes: ["1m"] },
    });
    // Half a minute past the close of the second candle.
    assertEquals(await clockSpecFor(config, NOW), {
      start: t0 + 2 * 60_000 + 30_000,
      realStart: NOW,
      speed: 60,
    });
  } finally {
    await Deno.remove(file);
  }
});
