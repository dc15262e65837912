/**
 * Exponential moving average, seeded with the SMA of the first `period` values.
 *
 * Seeding follows the usual definition (and technicalindicators' EMA);
 * trading-signals' EMA instead seeds with the first value and only hides the
 * output until `period` values arrived, which gives different numbers for
 * a long time after.
 *
 * @module
 */
import { outputArray, requireInteger } from "./validate.ts";

/**
 * Incremental EMA with smoothing factor `2 / (period + 1)`.
 *
 * @example
 * ```ts
 * import { Ema } from "./ema.ts";
 * const ema = new Ema(2);
 * ema.update(1);
 * ema.update(3); // 2 (the SMA seed)
 * ema.update(6); // 2 + (6 - 2) * 2/3
 * ```
 */
export class Ema {
  /** Values needed before `update` stops returning `null`. */
  readonly warmup: number;
  readonly #period: number;
  readonly #alpha: number;
  #count = 0;
  #sum = 0;
  #value = 0;

  /** @param period smoothing period, an integer ≥ 1 */
  constructor(period: number) {
    this.#period = requireInteger("period", period);
    this.#alpha = 2 / (period + 1);
    this.warmup = period;
  }

  /** Adds one value; returns the EMA or `null` for the first `period - 1` values. */
  update(value: number): number | null {
    if (this.#count < this.#period) {
      this.#sum += value;
      this.#count++;
      if (this.#count < this.#period) return null;
      this.#value = this.#sum / this.#period;
      return this.#value;
    }
    this.#value = (value - this.#value) * this.#alpha + this.#value;
    return this.#value;
  }
}

/**
 * Batch EMA; bit-identical to feeding {@link Ema} the same values. Warm-up
 * slots are NaN.
 *
 * @example
 * ```ts
 * import { emaBatch } from "./ema.ts";
 * emaBatch(new Float64Array([1, 3, 6]), 2); // [NaN, 2, 4.666…]
 * ```
 */
export function emaBatch(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  const n = requireInteger("period", period);
  const length = values.length;
  const result = outputArray("out", length, out);
  const alpha = 2 / (n + 1);
  let sum = 0;
  let ema = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i]!;
    if (i < n) {
      sum += value;
      if (i < n - 1) {
        result[i] = NaN;
        continue;
      }
      ema = sum / n;
    } else {
      ema = (value - ema) * alpha + ema;
    }
    result[i] = ema;
  }
  return result;
}
