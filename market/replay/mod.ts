/**
 * Replay of Binance kline CSV files.
 *
 * @example
 * ```ts
 * import { ReplaySource } from "./mod.ts";
 * const replay = await ReplaySource.open({
 *   path: "market/replay/testdata/btcusdt_1m_sample.csv", symbol: "BTC/USDT", timeframe: "1m",
 * });
 * ```
 *
 * @module
 */
export { type BadRow, type ReplayOptions, type ReplayReport, ReplaySource } from "./source.ts";
export { firstReplayTime } from "./rows.ts";
export {
  formatKlineLine,
  isHeaderLine,
  type KlineParse,
  type KlineRow,
  parseKlineLine,
} from "./kline_csv.ts";
export { readLines } from "./lines.ts";
