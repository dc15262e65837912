/**
 * The simulated market as a {@linkcode MarketSource}.
 *
 * @module
 */
import type { Candle, Series } from "../../messages/payloads.ts";
import type { MarketSource } from "../source.ts";
import { ceilToTimeframe, timeframeMs } from "../timeframe.ts";
import { SimGenerator } from "./generator.ts";

/**
 * The symbols {@linkcode SimSource.symbols} lists unless told otherwise.
 *
 * @example
 * ```ts
 * DEFAULT_SIM_SYMBOLS.includes("BTC/USDT"); // true
 * ```
 */
export const DEFAULT_SIM_SYMBOLS: readonly string[] = [
  "BTC/USDT",
  "ETH/USDT",
  "BNB/USDT",
  "SOL/USDT",
  "XRP/USDT",
  "DOGE/USDT",
  "ADA/USDT",
  "AVAX/USDT",
  "LINK/USDT",
  "LTC/USDT",
  "DOT/USDT",
  "ETH/BTC",
];

/** Options for {@linkcode SimSource}. */
export interface SimSourceOptions {
  /** Same seed, same market. Default "crypto-trade". */
  seed?: string | number;
  /** Symbols to list as known markets. Any BASE/QUOTE symbol can be fetched regardless. */
  symbols?: readonly string[];
  /** Day-blocks kept in memory (≈58 KiB each). Default 32. */
  maxBlocks?: number;
}

/**
 * A seeded, deterministic market. It has no timer: what is closed depends
 * on the `now` the caller passes, i.e. on the collector's (scaled) clock.
 *
 * @example
 * ```ts
 * const sim = new SimSource({ seed: 7 });
 * const series = { exchange: "sim", symbol: "ETH/USDT", timeframe: "5m" };
 * const candles = await sim.fetchClosed(series, Date.UTC(2024, 0, 1), 12, Date.UTC(2024, 0, 2));
 * ```
 */
export class SimSource implements MarketSource {
  readonly name = "sim";
  readonly generator: SimGenerator;
  #symbols: readonly string[];

  constructor(options: SimSourceOptions = {}) {
    this.generator = new SimGenerator(options.seed ?? "crypto-trade", {
      maxBlocks: options.maxBlocks,
    });
    this.#symbols = options.symbols ?? DEFAULT_SIM_SYMBOLS;
  }

  /** The candle of `series` opening at `openTime`, closed or not (pure in its inputs). */
  candleAt(series: Series, openTime: number): Candle {
    const tf = timeframeMs(series.timeframe);
    this.generator.profile(series.symbol); // throws BadSymbol early
    return {
      ...series,
      openTime,
      ...this.generator.aggregate(series.symbol, openTime, tf / 60_000),
    };
  }

  fetchClosed(series: Series, since: number, limit: number, now: number): Promise<Candle[]> {
    try {
      const tf = timeframeMs(series.timeframe);
      const out: Candle[] = [];
      for (
        let t = ceilToTimeframe(Math.max(0, since), series.timeframe);
        t + tf <= now && out.length < limit;
        t += tf
      ) {
        out.push(this.candleAt(series, t));
      }
      return Promise.resolve(out);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  symbols(): Promise<string[]> {
    return Promise.resolve([...this.#symbols]);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
