/**
 * Shared fixtures for the indicator tests: a seeded OHLCV random walk and
 * tolerance-aware comparisons against the reference libraries.
 *
 * @module
 */
import { AssertionError } from "node:assert/strict";
import { mulberry32 } from "../market/sim/prng.ts";

/** Column-wise candles plus the same data as objects. */
export interface Series {
  openTime: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  candles: {
    openTime: number;
    open: number;
    high: number;
    low: number;
    close: number;
    volume: number;
  }[];
}

/** Options of {@link randomSeries}. */
export interface SeriesOptions {
  /** First close (default 30 000, a BTC-like level). */
  start?: number;
  /** Per-candle log-return standard deviation (default 0.002). */
  volatility?: number;
  /** Share of candles with zero volume (default 0.01). */
  zeroVolumeShare?: number;
  /** Candle spacing in ms (default one minute, so days roll every 1 440). */
  stepMs?: number;
}

/**
 * A reproducible geometric random walk with realistic OHLCV: open is the
 * previous close, high/low wrap open and close with a random wick, volume is
 * log-normal with occasional zeros and spikes.
 *
 * @example
 * ```ts
 * const s = randomSeries(1000, 42);
 * ```
 */
export function randomSeries(count: number, seed: number, options: SeriesOptions = {}): Series {
  const random = mulberry32(seed);
  const normal = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const volatility = options.volatility ?? 0.002;
  const zeroShare = options.zeroVolumeShare ?? 0.01;
  const step = options.stepMs ?? 60_000;
  const s: Series = {
    openTime: new Float64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
    candles: [],
  };
  // Start mid-day so the first session is partial, as in live use.
  const t0 = Date.UTC(2024, 0, 1, 13, 7);
  let previous = options.start ?? 30_000;
  for (let i = 0; i < count; i++) {
    const open = previous;
    const close = open * Math.exp(volatility * normal());
    const high = Math.max(open, close) * (1 + Math.abs(normal()) * volatility / 2);
    const low = Math.min(open, close) * (1 - Math.abs(normal()) * volatility / 2);
    const spike = random() < 0.02 ? 8 : 1;
    const volume = random() < zeroShare ? 0 : Math.exp(2 + normal()) * spike;
    const openTime = t0 + i * step;
    s.openTime[i] = openTime;
    s.open[i] = open;
    s.high[i] = high;
    s.low[i] = low;
    s.close[i] = close;
    s.volume[i] = volume;
    s.candles.push({ openTime, open, high, low, close, volume });
    previous = close;
  }
  return s;
}

/** Relative tolerance for reference comparisons. */
export const RELATIVE = 1e-9;

/**
 * Throws unless `actual` is within 1e-9 relative of `expected` (with an
 * absolute floor of 1e-9 near zero); `null`, `undefined` and NaN all mean
 * "no value" and must agree.
 *
 * @example
 * ```ts
 * assertClose(1 + 1e-12, 1, "sma at 5");
 * ```
 */
export function assertClose(
  actual: number | null | undefined,
  expected: number | null | undefined,
  what: string,
): void {
  const a = actual ?? NaN;
  const e = expected ?? NaN;
  if (Number.isNaN(a) && Number.isNaN(e)) return;
  if (Math.abs(a - e) <= RELATIVE * Math.max(1, Math.abs(e))) return;
  throw new AssertionError({
    message: `${what}: got ${actual}, reference ${expected} (diff ${Math.abs(a - e)})`,
  });
}

/**
 * Throws unless the incremental outputs (null while warming up) equal the
 * batch outputs (NaN while warming up) bit for bit.
 *
 * @example
 * ```ts
 * assertSameSeries([null, 1], new Float64Array([NaN, 1]), "sma");
 * ```
 */
export function assertSameSeries(
  incremental: readonly (number | null)[],
  batch: Float64Array,
  what: string,
): void {
  if (incremental.length !== batch.length) {
    throw new AssertionError({
      message: `${what}: incremental has ${incremental.length} values, batch ${batch.length}`,
    });
  }
  for (let i = 0; i < batch.length; i++) {
    const a = incremental[i] ?? NaN;
    if (!Object.is(a, batch[i])) {
      throw new AssertionError({
        message: `${what} at ${i}: incremental ${incremental[i]}, batch ${batch[i]}`,
      });
    }
  }
}

/**
 * Index of the first non-null value, or -1.
 *
 * @example
 * ```ts
 * firstValue([null, null, 3]); // 2
 * ```
 */
export function firstValue(values: readonly (number | null)[]): number {
  return values.findIndex((v) => v !== null);
}
