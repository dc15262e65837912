/**
 * Relative Strength Index with Wilder smoothing.
 *
 * The first average gain/loss is the plain mean of the first `period`
 * changes; after that `avg += (x - avg) / period` (Wilder's
 * `(avg·(n−1) + x) / n`, written as trading-signals' WSMA does). The first
 * value therefore needs `period + 1` closes.
 *
 * When both averages are 0 (a flat market) RSI is 0/0. trading-signals and
 * technicalindicators report 100 there, which reads as "overbought"; we
 * report the neutral 50 so a flat feed cannot trigger threshold strategies.
 *
 * @module
 */
import { outputArray, requireInteger } from "./validate.ts";

/**
 * Incremental Wilder RSI in [0, 100].
 *
 * @example
 * ```ts
 * import { Rsi } from "./rsi.ts";
 * const rsi = new Rsi(2);
 * rsi.update(1); rsi.update(2);
 * rsi.update(3); // 100: only gains so far
 * ```
 */
export class Rsi {
  /** Closes needed before `update` stops returning `null`. */
  readonly warmup: number;
  readonly #period: number;
  readonly #alpha: number;
  #count = 0;
  #previous = 0;
  #gain = 0;
  #loss = 0;

  /** @param period smoothing period, an integer ≥ 1 */
  constructor(period: number) {
    this.#period = requireInteger("period", period);
    this.#alpha = 1 / period;
    this.warmup = period + 1;
  }

  /** Adds one close; returns RSI or `null` during warm-up. */
  update(close: number): number | null {
    const count = this.#count;
    const change = close - this.#previous;
    this.#previous = close;
    if (count === 0) {
      this.#count = 1;
      return null;
    }
    const gain = change > 0 ? change : 0;
    const loss = change > 0 ? 0 : -change;
    if (count <= this.#period) {
      this.#gain += gain;
      this.#loss += loss;
      this.#count = count + 1;
      if (count < this.#period) return null;
      this.#gain /= this.#period;
      this.#loss /= this.#period;
    } else {
      this.#gain = (gain - this.#gain) * this.#alpha + this.#gain;
      this.#loss = (loss - this.#loss) * this.#alpha + this.#loss;
    }
    return rsiOf(this.#gain, this.#loss);
  }
}

/**
 * Batch RSI; bit-identical to feeding {@link Rsi} the same closes. Warm-up
 * slots are NaN.
 *
 * @example
 * ```ts
 * import { rsiBatch } from "./rsi.ts";
 * rsiBatch(new Float64Array([1, 2, 1, 2]), 2); // [NaN, NaN, 50, 75]
 * ```
 */
export function rsiBatch(closes: Float64Array, period: number, out?: Float64Array): Float64Array {
  const n = requireInteger("period", period);
  const length = closes.length;
  const result = outputArray("out", length, out);
  const alpha = 1 / n;
  let avgGain = 0;
  let avgLoss = 0;
  if (length > 0) result[0] = NaN;
  for (let i = 1; i < length; i++) {
    const change = closes[i]! - closes[i - 1]!;
    const gain = change > 0 ? change : 0;
    const loss = change > 0 ? 0 : -change;
    if (i <= n) {
      avgGain += gain;
      avgLoss += loss;
      if (i < n) {
        result[i] = NaN;
        continue;
      }
      avgGain /= n;
      avgLoss /= n;
    } else {
      avgGain = (gain - avgGain) * alpha + avgGain;
      avgLoss = (loss - avgLoss) * alpha + avgLoss;
    }
    result[i] = rsiOf(avgGain, avgLoss);
  }
  return result;
}

function rsiOf(avgGain: number, avgLoss: number): number {
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  return 100 - 100 / (avgGain / avgLoss + 1);
}
