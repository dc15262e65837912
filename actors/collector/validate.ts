/**
 * Sanity checks on candles before they are stored or published.
 *
 * @module
 */
import type { Candle, Series } from "../../messages/payloads.ts";
import { isAligned } from "../../market/timeframe.ts";

/**
 * Why a candle must be rejected, or `null` when it is fine: it must belong
 * to `series`, have finite positive prices with high ≥ low and high/low
 * around open/close, a finite volume ≥ 0 and an open time on the
 * timeframe's grid.
 *
 * @example
 * ```ts
 * const series = { exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" };
 * candleProblem({ ...series, openTime: 60_001, open: 1, high: 1, low: 1, close: 1, volume: 0 }, series);
 * // "openTime 60001 is not aligned to 1m"
 * ```
 */
export function candleProblem(c: Candle, series: Series): string | null {
  if (
    c.exchange !== series.exchange || c.symbol !== series.symbol || c.timeframe !== series.timeframe
  ) {
    return `candle is for ${c.exchange}:${c.symbol}:${c.timeframe}, not this series`;
  }
  for (const field of ["openTime", "open", "high", "low", "close", "volume"] as const) {
    if (typeof c[field] !== "number" || !Number.isFinite(c[field])) {
      return `${field} is not a finite number: ${String(c[field])}`;
    }
  }
  if (c.high < c.low) return `high ${c.high} < low ${c.low}`;
  if (!(c.low > 0)) return `low ${c.low} is not > 0`;
  if (c.high < Math.max(c.open, c.close) || c.low > Math.min(c.open, c.close)) {
    return `high/low do not contain open/close: o=${c.open} h=${c.high} l=${c.low} c=${c.close}`;
  }
  if (c.volume < 0) return `volume ${c.volume} is negative`;
  if (!isAligned(c.openTime, series.timeframe)) {
    return `openTime ${c.openTime} is not aligned to ${series.timeframe}`;
  }
  return null;
}

/**
 * Whether two candles of the same open time carry different values (a
 * correction by the exchange).
 *
 * @example
 * ```ts
 * const a = { exchange: "x", symbol: "A/B", timeframe: "1m", openTime: 0, open: 1, high: 2, low: 1, close: 2, volume: 5 };
 * candleChanged(a, { ...a, volume: 6 }); // true
 * ```
 */
export function candleChanged(a: Candle, b: Candle): boolean {
  return a.open !== b.open || a.high !== b.high || a.low !== b.low || a.close !== b.close ||
    a.volume !== b.volume;
}
