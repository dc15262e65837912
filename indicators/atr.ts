/**
 * Average True Range with Wilder smoothing.
 *
 * As in Wilder's book (and trading-signals' ATR): the first candle's true
 * range is high − low, the first ATR is the mean of the first `period` true
 * ranges (so it appears at candle `period`), then
 * `atr += (tr − atr) / period`. TA-Lib and technicalindicators skip the
 * first candle instead, which shifts everything by one.
 *
 * @module
 */
import { outputArray, requireInteger, requireSameLength } from "./validate.ts";

/**
 * Incremental Wilder ATR.
 *
 * @example
 * ```ts
 * import { Atr } from "./atr.ts";
 * const atr = new Atr(2);
 * atr.update(11, 9, 10);
 * atr.update(12, 10, 11); // mean of the true ranges 2 and 2: 2
 * ```
 */
export class Atr {
  /** Candles needed before `update` stops returning `null`. */
  readonly warmup: number;
  readonly #period: number;
  readonly #alpha: number;
  #count = 0;
  #previousClose = 0;
  #atr = 0;

  /** @param period smoothing period, an integer ≥ 1 */
  constructor(period: number) {
    this.#period = requireInteger("period", period);
    this.#alpha = 1 / period;
    this.warmup = period;
  }

  /** Adds one candle; returns ATR or `null` during warm-up. */
  update(high: number, low: number, close: number): number | null {
    const count = this.#count;
    const tr = count === 0 ? high - low : trueRange(high, low, this.#previousClose);
    this.#previousClose = close;
    if (count < this.#period) {
      this.#atr += tr;
      this.#count = count + 1;
      if (count + 1 < this.#period) return null;
      this.#atr /= this.#period;
      return this.#atr;
    }
    this.#atr = (tr - this.#atr) * this.#alpha + this.#atr;
    return this.#atr;
  }
}

/**
 * Batch Wilder ATR; bit-identical to feeding {@link Atr}. Warm-up slots are NaN.
 *
 * @example
 * ```ts
 * import { atrBatch } from "./atr.ts";
 * const high = new Float64Array([11, 12, 13]);
 * const low = new Float64Array([9, 10, 11]);
 * const close = new Float64Array([10, 11, 12]);
 * atrBatch(high, low, close, 2); // [NaN, 2, 2]
 * ```
 */
export function atrBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  const n = requireInteger("period", period);
  const length = requireSameLength({ high, low, close });
  const result = outputArray("out", length, out);
  const alpha = 1 / n;
  let atr = 0;
  for (let i = 0; i < length; i++) {
    const tr = i === 0 ? high[i]! - low[i]! : trueRange(high[i]!, low[i]!, close[i - 1]!);
    if (i < n) {
      atr += tr;
      if (i < n - 1) {
        result[i] = NaN;
        continue;
      }
      atr /= n;
    } else {
      atr = (tr - atr) * alpha + atr;
    }
    result[i] = atr;
  }
  return result;
}

function trueRange(high: number, low: number, previousClose: number): number {
  return Math.max(high - low, Math.abs(high - previousClose), Math.abs(low - previousClose));
}
