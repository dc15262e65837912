/**
 * Indicator values at a series' newest stored candle, computed on request.
 *
 * @module
 */
import { IndicatorSet } from "../../indicators/mod.ts";
import type { Series } from "../../messages/mod.ts";
import type { Store } from "../../store/mod.ts";

/**
 * Candles fed to a fresh {@linkcode IndicatorSet} per request. The set's
 * longest warm-up is 50 (SMA 50), but the exponential indicators (EMA 12/26,
 * MACD 12/26/9, Wilder RSI/ATR 14) remember their seed for ever with a
 * weight of (1 - α)^n: after 500 candles that is below 1e-16 even for EMA
 * 26 ((25/27)^474), so the values equal those of the analyzer, which has
 * seen the whole history, to double precision. Two exceptions: session
 * VWAP restarts at 00:00 UTC, so the window reaches back to the start of
 * the newest candle's UTC day when that is longer (at most 1 440 candles of
 * 1m); OBV is a running total, so its level counts from the window's first
 * candle (its changes agree, its absolute value does not).
 *
 * @example
 * ```ts ignore
 * await store.latestCandles(series, INDICATOR_HISTORY);
 * ```
 */
export const INDICATOR_HISTORY = 500;

const DAY_MS = 86_400_000;

/**
 * Indicator values at one candle.
 *
 * @example
 * ```ts
 * declare const latest: LatestIndicators;
 * latest.values.rsi_14; // e.g. 48.2
 * ```
 */
export interface LatestIndicators extends Series {
  /** Open time of the newest stored candle, epoch ms. */
  openTime: number;
  close: number;
  /** Candles the values were computed over. */
  candles: number;
  /** Open time of the first of them. */
  since: number;
  /** Candles the set needs before every value is non-null. */
  warmup: number;
  values: Record<string, number | null>;
}

/**
 * The default indicator set over the newest stored candles of `series`
 * (see {@linkcode INDICATOR_HISTORY}); `null` when none are stored.
 *
 * @example
 * ```ts ignore
 * const latest = await latestIndicators(store, { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" });
 * ```
 */
export async function latestIndicators(
  store: Pick<Store, "latestCandles" | "candles">,
  series: Series,
): Promise<LatestIndicators | null> {
  let candles = await store.latestCandles(series, INDICATOR_HISTORY);
  const last = candles.at(-1);
  if (!last) return null;
  const dayStart = Math.floor(last.openTime / DAY_MS) * DAY_MS;
  if (candles.length === INDICATOR_HISTORY && candles[0]!.openTime > dayStart) {
    // Every candle of the window is from today, so today's are a superset.
    candles = await store.candles({ ...series, from: dayStart, to: last.openTime });
  }
  const set = new IndicatorSet();
  let values: Readonly<Record<string, number | null>> = {};
  for (const c of candles) values = set.update(c);
  return {
    exchange: series.exchange,
    symbol: series.symbol,
    timeframe: series.timeframe,
    openTime: last.openTime,
    close: last.close,
    candles: candles.length,
    since: candles[0]!.openTime,
    warmup: set.warmup,
    values: { ...values },
  };
}
