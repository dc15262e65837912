/**
 * MACD (Appel): fast EMA − slow EMA, a signal EMA of that line, and the
 * histogram line − signal.
 *
 * Every EMA is SMA-seeded from its own first values (see `ema.ts`): the
 * MACD line starts at candle `slow`, the signal `signal − 1` candles later.
 * That matches technicalindicators' MACD with `SimpleMAOscillator: false,
 * SimpleMASignal: false`. (TA-Lib instead re-aligns the fast EMA's seed to
 * the slow one's; trading-signals seeds with the first value.)
 *
 * @module
 */
import { Ema, emaBatch } from "./ema.ts";
import { outputArray, requireInteger } from "./validate.ts";

/** MACD periods. */
export interface MacdOptions {
  /** Fast EMA period (default 12). */
  fast?: number;
  /** Slow EMA period, > fast (default 26). */
  slow?: number;
  /** Signal EMA period (default 9). */
  signal?: number;
}

/** One MACD reading; `signal` and `histogram` stay `null` while the signal EMA warms up. */
export interface MacdValue {
  /** Fast EMA − slow EMA. */
  macd: number;
  /** EMA of the MACD line. */
  signal: number | null;
  /** `macd − signal`. */
  histogram: number | null;
}

/**
 * Resolves defaults and validates MACD periods.
 *
 * @example
 * ```ts
 * import { macdPeriods } from "./macd.ts";
 * macdPeriods({ fast: 5 }); // { fast: 5, slow: 26, signal: 9 }
 * ```
 */
export function macdPeriods(options: MacdOptions = {}): Required<MacdOptions> {
  const fast = requireInteger("macd.fast", options.fast ?? 12);
  const slow = requireInteger("macd.slow", options.slow ?? 26);
  const signal = requireInteger("macd.signal", options.signal ?? 9);
  if (fast >= slow) {
    throw new RangeError(`macd.fast must be < macd.slow, received fast ${fast} and slow ${slow}`);
  }
  return { fast, slow, signal };
}

/**
 * Incremental MACD.
 *
 * @example
 * ```ts
 * import { Macd } from "./macd.ts";
 * const macd = new Macd({ fast: 12, slow: 26, signal: 9 });
 * for (let i = 0; i < 40; i++) macd.update(100 + i);
 * macd.update(140)?.histogram; // a number once 34 closes are in
 * ```
 */
export class Macd {
  /** Closes needed before every field of the value is non-null. */
  readonly warmup: number;
  readonly #fast: Ema;
  readonly #slow: Ema;
  readonly #signal: Ema;
  readonly #value: MacdValue = { macd: 0, signal: null, histogram: null };

  /** @param options periods; fast must be below slow */
  constructor(options: MacdOptions = {}) {
    const { fast, slow, signal } = macdPeriods(options);
    this.#fast = new Ema(fast);
    this.#slow = new Ema(slow);
    this.#signal = new Ema(signal);
    this.warmup = slow + signal - 1;
  }

  /**
   * Adds one close; returns `null` until the MACD line exists. The returned
   * object is reused by the next update: copy it to keep it.
   */
  update(close: number): Readonly<MacdValue> | null {
    const fast = this.#fast.update(close);
    const slow = this.#slow.update(close);
    // fast < slow, so the fast EMA is always ready when the slow one is.
    if (slow === null || fast === null) return null;
    const line = fast - slow;
    const signal = this.#signal.update(line);
    const value = this.#value;
    value.macd = line;
    value.signal = signal;
    value.histogram = signal === null ? null : line - signal;
    return value;
  }
}

/** Batch MACD output; NaN where the incremental form gives `null`. */
export interface MacdSeries {
  /** Fast EMA − slow EMA. */
  macd: Float64Array;
  /** EMA of the MACD line. */
  signal: Float64Array;
  /** `macd − signal`. */
  histogram: Float64Array;
}

/**
 * Batch MACD; bit-identical to feeding {@link Macd} the same closes.
 *
 * @example
 * ```ts
 * import { macdBatch } from "./macd.ts";
 * const closes = Float64Array.from({ length: 100 }, (_, i) => 100 + Math.sin(i));
 * const { macd, signal, histogram } = macdBatch(closes, { fast: 12, slow: 26, signal: 9 });
 * ```
 */
export function macdBatch(closes: Float64Array, options: MacdOptions = {}): MacdSeries {
  const { fast, slow, signal } = macdPeriods(options);
  const length = closes.length;
  const macd = emaBatch(closes, fast);
  const slowEma = emaBatch(closes, slow);
  for (let i = 0; i < length; i++) macd[i] = macd[i]! - slowEma[i]!;
  const signalSeries = outputArray("signal", length);
  const histogram = slowEma; // reuse: the slow EMA is no longer needed
  signalSeries.fill(NaN, 0, Math.min(slow - 1, length));
  if (length >= slow) {
    emaBatch(macd.subarray(slow - 1), signal, signalSeries.subarray(slow - 1));
  }
  for (let i = 0; i < length; i++) histogram[i] = macd[i]! - signalSeries[i]!;
  return { macd, signal: signalSeries, histogram };
}
