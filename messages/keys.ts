import type { Series } from "./payloads.ts";

/**
 * The ordering/partition key of a candle series, e.g. `binance:BTC/USDT:1m`.
 *
 * @example
 * ```ts
 * seriesKey({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" }); // "binance:BTC/USDT:1m"
 * ```
 */
export function seriesKey(s: Series): string {
  return `${s.exchange}:${s.symbol}:${s.timeframe}`;
}
