/**
 * Volume-weighted average price anchored to the UTC day: Σ(typical price ·
 * volume) / Σ volume since 00:00 UTC of the candle's `openTime`, with
 * typical price (high + low + close) / 3.
 *
 * A candle whose `openTime` falls on a different UTC day than the previous
 * one starts a new session (also when time goes backwards). Until a session
 * has traded any volume VWAP is 0/0 and reported as `null`.
 *
 * @module
 */
import { outputArray, requireSameLength } from "./validate.ts";

const DAY_MS = 86_400_000;

/**
 * Incremental session VWAP.
 *
 * @example
 * ```ts
 * import { Vwap } from "./vwap.ts";
 * const vwap = new Vwap();
 * vwap.update(0, 12, 9, 9, 1); // 10
 * vwap.update(60_000, 22, 19, 19, 3); // (10·1 + 20·3) / 4 = 17.5
 * vwap.update(86_400_000, 12, 9, 9, 1); // a new UTC day: 10
 * ```
 */
export class Vwap {
  /** Candles needed before `update` returns a number (given non-zero volume). */
  readonly warmup = 1;
  #day = NaN;
  #priceVolume = 0;
  #volume = 0;

  /** Adds one candle; returns the session VWAP or `null` before any volume. */
  update(
    openTime: number,
    high: number,
    low: number,
    close: number,
    volume: number,
  ): number | null {
    const day = Math.floor(openTime / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      this.#priceVolume = 0;
      this.#volume = 0;
    }
    this.#priceVolume += (high + low + close) / 3 * volume;
    this.#volume += volume;
    return this.#volume > 0 ? this.#priceVolume / this.#volume : null;
  }
}

/**
 * Batch session VWAP; bit-identical to feeding {@link Vwap}. NaN where the
 * session has no volume yet.
 *
 * @example
 * ```ts
 * import { vwapBatch } from "./vwap.ts";
 * vwapBatch(
 *   new Float64Array([0, 60_000]),
 *   new Float64Array([12, 22]),
 *   new Float64Array([9, 19]),
 *   new Float64Array([9, 19]),
 *   new Float64Array([1, 3]),
 * ); // [10, 17.5]
 * ```
 */
export function vwapBatch(
  openTime: Float64Array,
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  out?: Float64Array,
): Float64Array {
  const length = requireSameLength({ openTime, high, low, close, volume });
  const result = outputArray("out", length, out);
  let session = NaN;
  let priceVolume = 0;
  let totalVolume = 0;
  for (let i = 0; i < length; i++) {
    const day = Math.floor(openTime[i]! / DAY_MS);
    if (day !== session) {
      session = day;
      priceVolume = 0;
      totalVolume = 0;
    }
    const v = volume[i]!;
    priceVolume += (high[i]! + low[i]! + close[i]!) / 3 * v;
    totalVolume += v;
    result[i] = totalVolume > 0 ? priceVolume / totalVolume : NaN;
  }
  return result;
}
