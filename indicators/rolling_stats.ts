/**
 * Sliding-window mean and population variance in O(1) amortised per value,
 * shared by Bollinger Bands and the volume z-score.
 *
 * Why shifted sums: keeping Σx and Σx² cancels catastrophically (price 30 000
 * with a spread of 30 loses six digits). Sliding Welford updates avoid that
 * but are first-order sensitive to rounding in the running mean. Instead we
 * keep S1 = Σ(x − K) and S2 = Σ(x − K)² around a shift K, the exact window
 * mean at the last re-sum; `x − K` is then small and mostly exact, and
 * variance = S2/n − (S1/n)² only cancels by the factor the mean moved since
 * K was set, in units of the spread. K and the sums are rebuilt exactly
 * (two passes, oldest first) each time the ring wraps, so that drift is
 * bounded by `period` updates: O(period) work every `period` values.
 *
 * A window that has just turned constant would still carry rounding residue
 * from the values that left it (a variance of ~1e-16·σ², enough to turn a
 * z-score into nonsense), so runs of identical values are counted and a
 * constant window reports its value and exactly 0.
 *
 * @module
 */
import { requireInteger } from "./validate.ts";

/**
 * Ring buffer with windowed mean and population variance.
 *
 * @example
 * ```ts
 * import { RollingStats } from "./rolling_stats.ts";
 * const stats = new RollingStats(3);
 * stats.push(1); stats.push(2); stats.push(6);
 * stats.full; // true
 * stats.mean(); // 3
 * stats.variance(); // 14 / 3
 * ```
 */
export class RollingStats {
  readonly #period: number;
  readonly #buffer: Float64Array;
  #index = 0;
  #count = 0;
  #shift = 0;
  #s1 = 0;
  #s2 = 0;
  #last = NaN;
  #run = 0;

  /** @param period window length, an integer ≥ 1 */
  constructor(period: number) {
    this.#period = requireInteger("period", period);
    this.#buffer = new Float64Array(period);
  }

  /** Whether `period` values have been pushed. */
  get full(): boolean {
    return this.#count === this.#period;
  }

  /** Adds one value, evicting the oldest once full. */
  push(value: number): void {
    const n = this.#period;
    const i = this.#index;
    const buffer = this.#buffer;
    const old = buffer[i]!;
    buffer[i] = value;
    this.#run = value === this.#last ? this.#run + 1 : 1;
    this.#last = value;
    if (i === n - 1) {
      this.#index = 0;
      this.#count = n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += buffer[j]!;
      const shift = sum / n;
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < n; j++) {
        const d = buffer[j]! - shift;
        s1 += d;
        s2 += d * d;
      }
      this.#shift = shift;
      this.#s1 = s1;
      this.#s2 = s2;
      return;
    }
    this.#index = i + 1;
    if (this.#count < n) {
      // The first wrap computes everything; nothing to maintain before it.
      this.#count++;
      return;
    }
    const shift = this.#shift;
    const dNew = value - shift;
    const dOld = old - shift;
    this.#s1 += dNew - dOld;
    this.#s2 += dNew * dNew - dOld * dOld;
  }

  /** Mean of the window (meaningful once `full`). */
  mean(): number {
    if (this.#run >= this.#period) return this.#last;
    return this.#shift + this.#s1 / this.#period;
  }

  /** Population variance of the window, clamped at 0 (meaningful once `full`). */
  variance(): number {
    if (this.#run >= this.#period) return 0;
    const m = this.#s1 / this.#period;
    const v = this.#s2 / this.#period - m * m;
    return v > 0 ? v : 0;
  }
}

/**
 * Batch form of {@link RollingStats}: writes the mean and population
 * variance of the window ending at each index (NaN before the window
 * fills), bit-identical to pushing the values one by one.
 *
 * @example
 * ```ts
 * import { rollingStatsBatch } from "./rolling_stats.ts";
 * const mean = new Float64Array(3);
 * const variance = new Float64Array(3);
 * rollingStatsBatch(new Float64Array([1, 2, 6]), 3, mean, variance);
 * // mean[2] === 3, variance[2] === 14 / 3
 * ```
 */
export function rollingStatsBatch(
  values: Float64Array,
  period: number,
  meanOut: Float64Array,
  varianceOut: Float64Array,
): void {
  const n = requireInteger("period", period);
  const length = values.length;
  let shift = 0;
  let s1 = 0;
  let s2 = 0;
  let slot = 0;
  let last = NaN;
  let run = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i]!;
    run = value === last ? run + 1 : 1;
    last = value;
    if (slot === n - 1) {
      slot = 0;
      const start = i - n + 1;
      let sum = 0;
      for (let j = start; j <= i; j++) sum += values[j]!;
      shift = sum / n;
      s1 = 0;
      s2 = 0;
      for (let j = start; j <= i; j++) {
        const d = values[j]! - shift;
        s1 += d;
        s2 += d * d;
      }
    } else {
      slot++;
      if (i < n) {
        meanOut[i] = NaN;
        varianceOut[i] = NaN;
        continue;
      }
      const dNew = value - shift;
      const dOld = values[i - n]! - shift;
      s1 += dNew - dOld;
      s2 += dNew * dNew - dOld * dOld;
    }
    if (run >= n) {
      meanOut[i] = value;
      varianceOut[i] = 0;
      continue;
    }
    const m = s1 / n;
    const v = s2 / n - m * m;
    meanOut[i] = shift + m;
    varianceOut[i] = v > 0 ? v : 0;
  }
}
