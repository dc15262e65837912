/**
 * Timeframes ("1m", "15m", "4h", "1d", "1w") as durations and candle grids.
 *
 * Candles open on multiples of their duration since the epoch, except weeks,
 * which open on Mondays 00:00 UTC as on Binance (the epoch was a Thursday).
 *
 * @module
 */

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Monday 1970-01-05 00:00 UTC: where weekly candles are anchored. */
const WEEK_ANCHOR_MS = 4 * 86_400_000;

/**
 * The duration of a timeframe in milliseconds. Months are not supported:
 * they have no fixed length.
 *
 * @example
 * ```ts
 * timeframeMs("15m"); // 900000
 * ```
 */
export function timeframeMs(timeframe: string): number {
  const known = durations.get(timeframe);
  if (known !== undefined) return known;
  const m = /^([1-9][0-9]*)([mhdw])$/.exec(timeframe);
  const unit = m ? UNIT_MS[m[2]!] : undefined;
  if (!m || unit === undefined) {
    throw new RangeError(
      `timeframe must look like 1m, 5m, 1h, 4h, 1d or 1w, received ${JSON.stringify(timeframe)}`,
    );
  }
  const ms = Number(m[1]) * unit;
  // Valid ones only, so the cache is as small as the set of timeframes in use.
  durations.set(timeframe, ms);
  return ms;
}

/** Durations already parsed: every candle of a series asks for its timeframe's. */
const durations = new Map<string, number>();

function offsetOf(timeframe: string): number {
  return timeframe.endsWith("w") ? WEEK_ANCHOR_MS : 0;
}

/**
 * The open time of the candle that contains `time`.
 *
 * @example
 * ```ts
 * floorToTimeframe(Date.UTC(2024, 0, 1, 0, 7, 30), "5m"); // Date.UTC(2024, 0, 1, 0, 5)
 * ```
 */
export function floorToTimeframe(time: number, timeframe: string): number {
  const ms = timeframeMs(timeframe);
  const off = offsetOf(timeframe);
  return Math.floor((time - off) / ms) * ms + off;
}

/**
 * The first candle open time at or after `time`.
 *
 * @example
 * ```ts
 * ceilToTimeframe(61_000, "1m"); // 120000
 * ```
 */
export function ceilToTimeframe(time: number, timeframe: string): number {
  const floor = floorToTimeframe(time, timeframe);
  return floor === time ? floor : floor + timeframeMs(timeframe);
}

/**
 * Whether `openTime` is a valid candle open time for the timeframe.
 *
 * @example
 * ```ts
 * isAligned(120_000, "1m"); // true
 * isAligned(120_001, "1m"); // false
 * ```
 */
export function isAligned(openTime: number, timeframe: string): boolean {
  return Number.isInteger(openTime) && floorToTimeframe(openTime, timeframe) === openTime;
}
