/**
 * Simple moving average: the mean of the last `period` values.
 *
 * @module
 */
import { outputArray, requireInteger } from "./validate.ts";

/**
 * Incremental SMA over a ring buffer and a running sum.
 *
 * A running sum picks up rounding error from every add and subtract, and it
 * keeps error from values that have long left the window (ruinous after a
 * price-scale change). Whenever the ring wraps, the sum is recomputed exactly
 * from the buffer, oldest first: O(period) once every `period` updates, so
 * still O(1) amortised, and error never accumulates over more than `period`
 * updates.
 *
 * @example
 * ```ts
 * import { Sma } from "./sma.ts";
 * const sma = new Sma(3);
 * sma.update(1); sma.update(2);
 * sma.update(3); // 2
 * ```
 */
export class Sma {
  /** Values needed before `update` stops returning `null`. */
  readonly warmup: number;
  readonly #period: number;
  readonly #buffer: Float64Array;
  #index = 0;
  #count = 0;
  #sum = 0;

  /** @param period window length, an integer ≥ 1 */
  constructor(period: number) {
    this.#period = requireInteger("period", period);
    this.#buffer = new Float64Array(period);
    this.warmup = period;
  }

  /** Adds one value; returns the mean of the last `period` values or `null`. */
  update(value: number): number | null {
    const n = this.#period;
    const i = this.#index;
    const buffer = this.#buffer;
    // While warming up the slot still holds 0, so the same subtraction works.
    const old = buffer[i]!;
    buffer[i] = value;
    if (i === n - 1) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += buffer[j]!;
      this.#sum = sum;
      this.#index = 0;
    } else {
      this.#sum += value - old;
      this.#index = i + 1;
    }
    if (this.#count < n) {
      this.#count++;
      if (this.#count < n) return null;
    }
    return this.#sum / n;
  }
}

/**
 * Batch SMA; bit-identical to feeding {@link Sma} the same values. Warm-up
 * slots are NaN.
 *
 * @example
 * ```ts
 * import { smaBatch } from "./sma.ts";
 * smaBatch(new Float64Array([1, 2, 3, 4]), 2); // [NaN, 1.5, 2.5, 3.5]
 * ```
 */
export function smaBatch(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  const n = requireInteger("period", period);
  const length = values.length;
  const result = outputArray("out", length, out);
  result.fill(NaN, 0, Math.min(n - 1, length));
  // Blocks of `period`: an exact re-sum (oldest first, as the ring buffer
  // does when it wraps) at each index ≡ period − 1 (mod period), sliding
  // updates in between.
  let i = n - 1;
  while (i < length) {
    let sum = 0;
    for (let j = i - n + 1; j <= i; j++) sum += values[j]!;
    result[i] = sum / n;
    i++;
    const end = Math.min(i + n - 1, length);
    for (; i < end; i++) {
      sum += values[i]! - values[i - n]!;
      result[i] = sum / n;
    }
  }
  return result;
}
