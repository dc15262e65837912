/**
 * Bollinger Bands: SMA ± k population standard deviations of the close,
 * with %B and bandwidth.
 *
 * Population (÷n) deviation as Bollinger specifies, like both reference
 * libraries. %B = (close − lower) / (upper − lower), and 0.5 when the bands
 * collapse (trading-signals' PercentB does the same). Bandwidth =
 * (upper − lower) / middle, `null` when the middle is 0.
 *
 * @module
 */
import { RollingStats, rollingStatsBatch } from "./rolling_stats.ts";
import { outputArray, requireInteger, requirePositive } from "./validate.ts";

/** Bollinger parameters. */
export interface BollingerOptions {
  /** Window length (default 20). */
  period?: number;
  /** Band width in standard deviations (default 2). */
  stdDev?: number;
}

/** One Bollinger reading. */
export interface BollingerValue {
  /** SMA of the window. */
  middle: number;
  /** middle + stdDev·σ. */
  upper: number;
  /** middle − stdDev·σ. */
  lower: number;
  /** Where the close sits between the bands (0 at lower, 1 at upper). */
  percentB: number;
  /** (upper − lower) / middle, `null` when middle is 0. */
  bandwidth: number | null;
}

/**
 * Resolves defaults and validates Bollinger parameters.
 *
 * @example
 * ```ts
 * import { bollingerParams } from "./bollinger.ts";
 * bollingerParams({ period: 10 }); // { period: 10, stdDev: 2 }
 * ```
 */
export function bollingerParams(options: BollingerOptions = {}): Required<BollingerOptions> {
  return {
    period: requireInteger("bollinger.period", options.period ?? 20),
    stdDev: requirePositive("bollinger.stdDev", options.stdDev ?? 2),
  };
}

/**
 * Incremental Bollinger Bands.
 *
 * @example
 * ```ts
 * import { BollingerBands } from "./bollinger.ts";
 * const bb = new BollingerBands({ period: 3, stdDev: 2 });
 * bb.update(1); bb.update(2);
 * bb.update(3)?.upper; // 2 + 2·√(2/3)
 * ```
 */
export class BollingerBands {
  /** Closes needed before `update` stops returning `null`. */
  readonly warmup: number;
  readonly #stdDev: number;
  readonly #stats: RollingStats;
  readonly #value: BollingerValue = {
    middle: 0,
    upper: 0,
    lower: 0,
    percentB: 0,
    bandwidth: null,
  };

  /** @param options window length and band width */
  constructor(options: BollingerOptions = {}) {
    const { period, stdDev } = bollingerParams(options);
    this.#stdDev = stdDev;
    this.#stats = new RollingStats(period);
    this.warmup = period;
  }

  /**
   * Adds one close; returns the bands or `null` while warming up. The
   * returned object is reused by the next update: copy it to keep it.
   */
  update(close: number): Readonly<BollingerValue> | null {
    const stats = this.#stats;
    stats.push(close);
    if (!stats.full) return null;
    const middle = stats.mean();
    const offset = Math.sqrt(stats.variance()) * this.#stdDev;
    const value = this.#value;
    value.middle = middle;
    value.upper = middle + offset;
    value.lower = middle - offset;
    const range = value.upper - value.lower;
    value.percentB = range === 0 ? 0.5 : (close - value.lower) / range;
    value.bandwidth = middle === 0 ? null : range / middle;
    return value;
  }
}

/** Batch Bollinger output; NaN where the incremental form gives `null`. */
export interface BollingerSeries {
  /** SMA of the window. */
  middle: Float64Array;
  /** middle + stdDev·σ. */
  upper: Float64Array;
  /** middle − stdDev·σ. */
  lower: Float64Array;
  /** (close − lower) / (upper − lower). */
  percentB: Float64Array;
  /** (upper − lower) / middle. */
  bandwidth: Float64Array;
}

/**
 * Batch Bollinger Bands; bit-identical to feeding {@link BollingerBands}.
 *
 * @example
 * ```ts
 * import { bollingerBatch } from "./bollinger.ts";
 * const closes = Float64Array.from({ length: 50 }, (_, i) => 100 + Math.sin(i));
 * const { upper, lower } = bollingerBatch(closes, { period: 20, stdDev: 2 });
 * ```
 */
export function bollingerBatch(
  closes: Float64Array,
  options: BollingerOptions = {},
): BollingerSeries {
  const { period, stdDev } = bollingerParams(options);
  const length = closes.length;
  const middle = outputArray("middle", length);
  const upper = outputArray("upper", length);
  const lower = outputArray("lower", length);
  const percentB = outputArray("percentB", length);
  const bandwidth = outputArray("bandwidth", length);
  // upper temporarily holds the variance.
  rollingStatsBatch(closes, period, middle, upper);
  for (let i = 0; i < length; i++) {
    const mid = middle[i]!;
    const offset = Math.sqrt(upper[i]!) * stdDev;
    const up = mid + offset;
    const low = mid - offset;
    const range = up - low;
    upper[i] = up;
    lower[i] = low;
    // NaN warm-up slots propagate; `range === 0` is false for NaN.
    percentB[i] = range === 0 ? 0.5 : (closes[i]! - low) / range;
    bandwidth[i] = mid === 0 ? NaN : range / mid;
  }
  return { middle, upper, lower, percentB, bandwidth };
}
