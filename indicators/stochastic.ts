/**
 * Lane's Stochastic oscillator: %K = (close − lowest low) / (highest high −
 * lowest low) · 100 over `k` candles, %D = SMA(`d`) of %K.
 *
 * This is the "fast" stochastic (no %K slowing), as Lane defined it and as
 * technicalindicators' Stochastic computes it; trading-signals matches with
 * `kSlowingPeriod: 1`. When the range is 0 (a flat window) %K is 0/0: the
 * references report 0, which reads as "oversold"; we report the neutral 50.
 *
 * @module
 */
import { MonotonicDeque } from "./monotonic_deque.ts";
import { Sma, smaBatch } from "./sma.ts";
import { outputArray, requireInteger, requireSameLength } from "./validate.ts";

/** Stochastic periods. */
export interface StochasticOptions {
  /** Look-back for the high/low range (default 14). */
  k?: number;
  /** SMA period of %D (default 3). */
  d?: number;
}

/** One Stochastic reading; `d` is `null` for the first `d − 1` %K values. */
export interface StochasticValue {
  /** %K in [0, 100] for well-formed candles. */
  k: number;
  /** SMA of %K. */
  d: number | null;
}

/**
 * Resolves defaults and validates Stochastic periods.
 *
 * @example
 * ```ts
 * import { stochasticPeriods } from "./stochastic.ts";
 * stochasticPeriods({ k: 5 }); // { k: 5, d: 3 }
 * ```
 */
export function stochasticPeriods(options: StochasticOptions = {}): Required<StochasticOptions> {
  return {
    k: requireInteger("stochastic.k", options.k ?? 14),
    d: requireInteger("stochastic.d", options.d ?? 3),
  };
}

/**
 * Incremental Stochastic with O(1) amortised sliding high/low.
 *
 * @example
 * ```ts
 * import { Stochastic } from "./stochastic.ts";
 * const stoch = new Stochastic({ k: 2, d: 2 });
 * stoch.update(11, 9, 10);
 * stoch.update(12, 10, 12)?.k; // (12 − 9) / (12 − 9) · 100 = 100
 * ```
 */
export class Stochastic {
  /** Candles needed before both %K and %D are non-null. */
  readonly warmup: number;
  readonly #k: number;
  readonly #highest: MonotonicDeque;
  readonly #lowest: MonotonicDeque;
  readonly #d: Sma;
  readonly #value: StochasticValue = { k: 0, d: null };
  #count = 0;

  /** @param options look-back and %D period */
  constructor(options: StochasticOptions = {}) {
    const { k, d } = stochasticPeriods(options);
    this.#k = k;
    this.#highest = new MonotonicDeque(k, "max");
    this.#lowest = new MonotonicDeque(k, "min");
    this.#d = new Sma(d);
    this.warmup = k + d - 1;
  }

  /**
   * Adds one candle; returns `null` until %K exists. The returned object is
   * reused by the next update: copy it to keep it.
   */
  update(high: number, low: number, close: number): Readonly<StochasticValue> | null {
    this.#highest.push(high);
    this.#lowest.push(low);
    if (this.#count < this.#k - 1) {
      this.#count++;
      return null;
    }
    const k = percentK(close, this.#highest.extreme(), this.#lowest.extreme());
    const value = this.#value;
    value.k = k;
    value.d = this.#d.update(k);
    return value;
  }
}

/** Batch Stochastic output; NaN where the incremental form gives `null`. */
export interface StochasticSeries {
  /** %K. */
  k: Float64Array;
  /** %D. */
  d: Float64Array;
}

/**
 * Batch Stochastic; bit-identical to feeding {@link Stochastic}.
 *
 * @example
 * ```ts
 * import { stochasticBatch } from "./stochastic.ts";
 * const high = new Float64Array([11, 12, 13]);
 * const low = new Float64Array([9, 10, 11]);
 * const close = new Float64Array([10, 12, 11]);
 * stochasticBatch(high, low, close, { k: 2, d: 2 }); // k: [NaN, 100, 33.3…], d: [NaN, NaN, 66.6…]
 * ```
 */
export function stochasticBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  options: StochasticOptions = {},
): StochasticSeries {
  const { k: kPeriod, d: dPeriod } = stochasticPeriods(options);
  const length = requireSameLength({ high, low, close });
  const k = outputArray("k", length);
  const d = outputArray("d", length);
  const highest = new MonotonicDeque(kPeriod, "max");
  const lowest = new MonotonicDeque(kPeriod, "min");
  for (let i = 0; i < length; i++) {
    highest.push(high[i]!);
    lowest.push(low[i]!);
    k[i] = i < kPeriod - 1 ? NaN : percentK(close[i]!, highest.extreme(), lowest.extreme());
  }
  d.fill(NaN, 0, Math.min(kPeriod - 1, length));
  if (length >= kPeriod) smaBatch(k.subarray(kPeriod - 1), dPeriod, d.subarray(kPeriod - 1));
  return { k, d };
}

function percentK(close: number, highest: number, lowest: number): number {
  const range = highest - lowest;
  // Same operation order as technicalindicators, so results match to the bit.
  return range === 0 ? 50 : (close - lowest) / range * 100;
}
