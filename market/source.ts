/**
 * The contract every market data source (sim, replay, ccxt) fulfils.
 *
 * @module
 */
import type { Candle, Series } from "../messages/payloads.ts";

/**
 * A source of OHLCV candles. Sources are passive: they answer for a given
 * `now` and never keep timers of their own, so a scaled or manual clock
 * drives them.
 *
 * @example
 * ```ts
 * import { SimSource } from "./sim/mod.ts";
 * const source: MarketSource = new SimSource({ seed: "demo" });
 * const series = { exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" };
 * const candles = await source.fetchClosed(series, 0, 10, 600_000);
 * ```
 */
export interface MarketSource {
  /** "sim" | "replay" | "ccxt:<exchangeId>". */
  readonly name: string;
  /**
   * Closed candles with `openTime >= since`, oldest first, at most `limit`.
   * Only candles already closed at `now` (openTime + timeframe <= now).
   * History gaps are skipped: the first candle may open after `since`.
   */
  fetchClosed(series: Series, since: number, limit: number, now: number): Promise<Candle[]>;
  /**
   * Optional live stream (websocket): yields candle updates, forming and
   * closed, until `signal` aborts (then it returns) or the stream fails
   * (then it throws).
   */
  watch?(series: Series, signal: AbortSignal): AsyncIterable<Candle>;
  /** Markets the source knows, for symbol validation and near-match suggestions. */
  symbols(): Promise<string[]>;
  /**
   * Timeframes the source can give, when it has a fixed list (an exchange's);
   * absent or `undefined`: any well-formed timeframe.
   */
  timeframes?(): readonly string[] | undefined;
  /** Releases connections and files. */
  close(): Promise<void>;
}
