/**
 * One row of Binance's public kline CSV files (data.binance.vision):
 * open time, open, high, low, close, volume, close time, quote volume,
 * trades, taker buy base, taker buy quote, ignore. Times are milliseconds,
 * or microseconds in the spot files from 2025 on.
 *
 * @module
 */

/** Times at or above this are microseconds: as milliseconds they would be after the year 5000. */
const MICROS_THRESHOLD = 1e14;

/** A parsed row: open time in milliseconds and OHLCV. */
export interface KlineRow {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Whether the file gave times in microseconds. */
  micros: boolean;
}

/** A row, or why it was rejected. */
export type KlineParse = { ok: true; row: KlineRow } | { ok: false; reason: string };

function num(field: string | undefined): number {
  // Number("") is 0, which would turn an empty field into a price.
  return field === undefined || field.trim() === "" ? NaN : Number(field);
}

/**
 * Whether a line is a header (its first field is not a number), as in files
 * exported with column names.
 *
 * @example
 * ```ts
 * isHeaderLine("open_time,open,high,low,close,volume"); // true
 * ```
 */
export function isHeaderLine(line: string): boolean {
  const first = line.split(",", 1)[0] ?? "";
  return first.trim() !== "" && Number.isNaN(Number(first));
}

/**
 * Parses and checks one kline row. Microsecond times are converted to
 * milliseconds.
 *
 * @example
 * ```ts
 * const r = parseKlineLine("1735689600000000,93576.0,93610.93,93537.5,93610.93,8.21827,1735689659999999,768978.4,1328,3.95,369750.1,0");
 * r.ok && r.row.openTime; // 1735689600000
 * ```
 */
export function parseKlineLine(line: string): KlineParse {
  // The fields past the close time (quote volume, trades, ...) are not read.
  const f = line.split(",", 7);
  if (f.length < 6) {
    return { ok: false, reason: `expected at least 6 comma-separated fields, found ${f.length}` };
  }
  const rawTime = num(f[0]);
  if (!Number.isInteger(rawTime) || rawTime < 0) {
    return {
      ok: false,
      reason: `open time must be a non-negative integer, found ${JSON.stringify(f[0])}`,
    };
  }
  const micros = rawTime >= MICROS_THRESHOLD;
  const openTime = micros ? Math.floor(rawTime / 1000) : rawTime;
  const open = num(f[1]);
  const high = num(f[2]);
  const low = num(f[3]);
  const close = num(f[4]);
  const volume = num(f[5]);
  // One check for the common case; the sum of finite values can only overflow.
  const i = Number.isFinite(open + high + low + close + volume)
    ? -1
    : [open, high, low, close, volume].findIndex((v) => !Number.isFinite(v));
  if (i !== -1) {
    const names = ["open", "high", "low", "close", "volume"] as const;
    return { ok: false, reason: `${names[i]} is not a number: ${JSON.stringify(f[i + 1])}` };
  }
  if (!(open > 0 && high > 0 && low > 0 && close > 0)) {
    return { ok: false, reason: `prices must be > 0, found ${f.slice(1, 5).join(",")}` };
  }
  if (high < Math.max(open, close) || low > Math.min(open, close)) {
    return {
      ok: false,
      reason: `high/low do not contain open/close: o=${open} h=${high} l=${low} c=${close}`,
    };
  }
  if (volume < 0) return { ok: false, reason: `volume must be >= 0, found ${volume}` };
  if (f.length >= 7 && f[6]!.trim() !== "") {
    const closeTime = num(f[6]);
    if (!Number.isFinite(closeTime) || closeTime <= rawTime) {
      return {
        ok: false,
        reason: `close time ${JSON.stringify(f[6])} is not after open time ${rawTime}`,
      };
    }
  }
  return { ok: true, row: { openTime, open, high, low, close, volume, micros } };
}

/**
 * Formats a candle as a Binance kline CSV row (millisecond times), e.g. to
 * write test files.
 *
 * @example
 * ```ts
 * formatKlineLine({ openTime: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }, 60_000);
 * // "0,1,2,0.5,1.5,10,59999,15,…"
 * ```
 */
export function formatKlineLine(
  c: { openTime: number; open: number; high: number; low: number; close: number; volume: number },
  timeframeMs: number,
  options: { micros?: boolean } = {},
): string {
  const scale = options.micros ? 1000 : 1;
  const quote = +(c.volume * (c.open + c.close) / 2).toFixed(8);
  const trades = Math.max(1, Math.round(c.volume * 10));
  const takerBase = +(c.volume * 0.5).toFixed(8);
  const takerQuote = +(quote * 0.5).toFixed(8);
  return [
    c.openTime * scale,
    c.open,
    c.high,
    c.low,
    c.close,
    c.volume,
    (c.openTime + timeframeMs) * scale - 1,
    quote,
    trades,
    takerBase,
    takerQuote,
    0,
  ].join(",");
}
