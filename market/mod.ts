/**
 * Market data sources behind one contract ({@linkcode MarketSource}): a
 * simulated market, CSV replay, and CCXT exchanges (loaded on demand).
 *
 * @example
 * ```ts
 * import { openMarketSource } from "./mod.ts";
 * const source = await openMarketSource({ kind: "sim", seed: "demo" });
 * const series = { exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" };
 * const candles = await source.fetchClosed(series, 0, 5, 600_000);
 * await source.close();
 * ```
 *
 * @module
 */
import type { CcxtSourceOptions } from "./ccxt/source.ts";
import { ReplaySource } from "./replay/source.ts";
import { SimSource } from "./sim/source.ts";
import type { MarketSource } from "./source.ts";

export type { MarketSource } from "./source.ts";
export {
  BadSymbolError,
  type ClassifiedError,
  classifyError,
  type ErrorKind,
  parseRetryAfter,
  withRetryAfter,
} from "./errors.ts";
export { editDistance, suggestSymbols } from "./suggest.ts";
export { ceilToTimeframe, floorToTimeframe, isAligned, timeframeMs } from "./timeframe.ts";
export { DEFAULT_SIM_SYMBOLS, SimGenerator, SimSource, type SimSourceOptions } from "./sim/mod.ts";
export { type ReplayOptions, type ReplayReport, ReplaySource } from "./replay/mod.ts";
export type { CcxtSourceOptions } from "./ccxt/source.ts";

/** Which source to open, as configured. */
export type MarketSourceConfig =
  | { kind: "sim"; seed?: string | number; symbols?: string[] }
  | {
    kind: "replay";
    path: string;
    symbol: string;
    timeframe: string;
    exchange?: string;
  }
  | ({ kind: "ccxt" } & CcxtSourceOptions);

/**
 * Opens the configured source. ccxt is imported only for `kind: "ccxt"`.
 *
 * @example
 * ```ts
 * const replay = await openMarketSource({
 *   kind: "replay", path: "market/replay/testdata/btcusdt_1m_sample.csv",
 *   symbol: "BTC/USDT", timeframe: "1m",
 * });
 * ```
 */
export async function openMarketSource(config: MarketSourceConfig): Promise<MarketSource> {
  switch (config.kind) {
    case "sim":
      return new SimSource({ seed: config.seed, symbols: config.symbols });
    case "replay":
      return await ReplaySource.open(config);
    case "ccxt": {
      const { openCcxtSource } = await import("./ccxt/source.ts");
      return await openCcxtSource(config);
    }
  }
}
