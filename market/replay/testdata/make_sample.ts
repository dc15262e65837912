/**
 * Writes `btcusdt_1m_sample.csv`: 360 one-minute BTC/USDT candles from the
 * simulated market (seed "replay-sample", from 2024-01-01 00:00 UTC), in
 * Binance's kline CSV format without a header.
 *
 * Run: `deno run --allow-write=market/replay/testdata market/replay/testdata/make_sample.ts`
 *
 * @example
 * ```ts
 * const text = sampleCsv();
 * ```
 *
 * @module
 */
import { SimSource } from "../../sim/mod.ts";
import { formatKlineLine } from "../kline_csv.ts";

/**
 * The sample's series, seed and range, shared with the tests that check it.
 *
 * @example
 * ```ts
 * SAMPLE.count; // 360
 * ```
 */
export const SAMPLE = {
  seed: "replay-sample",
  series: { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" },
  start: Date.UTC(2024, 0, 1),
  count: 360,
} as const;

/**
 * The sample file's text.
 *
 * @example
 * ```ts
 * (await sampleCsv()).split("\n").length; // 361 (a trailing newline)
 * ```
 */
export async function sampleCsv(): Promise<string> {
  const sim = new SimSource({ seed: SAMPLE.seed });
  const end = SAMPLE.start + SAMPLE.count * 60_000;
  const candles = await sim.fetchClosed(SAMPLE.series, SAMPLE.start, SAMPLE.count, end);
  return candles.map((c) => formatKlineLine(c, 60_000)).join("\n") + "\n";
}

if (import.meta.main) {
  const url = new URL("./btcusdt_1m_sample.csv", import.meta.url);
  await Deno.writeTextFile(url, await sampleCsv());
}
