/**
 * The acceptance fast path of {@linkcode parseMessage} for the high-volume
 * message types (`candle`, `tick`, `analysis`, `signal`, and the two
 * batches, whose zod checks cost per element): the rules of their
 * zod schemas, checked by hand. zod costs ~2 µs a candle and ~11 µs an
 * analysis (its 19-entry indicator record is not compiled); this costs a
 * fraction of that, and every consumer pays it once per delivery.
 *
 * It only ever accepts. When it returns a message, the schema would return an
 * equal one (`fast_path_test.ts` checks that on random and mutated inputs);
 * whatever it declines — invalid, or merely unusual (an extra key, another
 * prototype) — goes to zod, which gives the verdict and the error message.
 *
 * @module
 */
import type { Message } from "./envelope.ts";
import { MAX_BATCH_ROWS } from "./batches.ts";

type Fields = Record<string, unknown>;

/** A plain object as structured clone and `JSON.parse` make them. */
function plain(v: unknown): v is Fields {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Exactly `n` enumerable keys: with every named one checked, there is no extra one to strip. */
function keys(o: Fields, n: number): boolean {
  let count = 0;
  for (const _ in o) count++;
  return count === n;
}

function text(v: unknown, min: number, max = Infinity): boolean {
  return typeof v === "string" && v.length >= min && v.length <= max;
}

function finite(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** `z.number().int().nonnegative()`: zod's `int` takes safe integers only. */
function count(v: unknown): boolean {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function series(p: Fields): boolean {
  return text(p.exchange, 1) && text(p.symbol, 1) && text(p.timeframe, 1);
}

function ohlcv(p: Fields): boolean {
  return series(p) && count(p.openTime) && finite(p.open) && finite(p.high) &&
    finite(p.low) && finite(p.close) && finite(p.volume) && p.volume >= 0;
}

/** `z.record(z.string(), finite.nullable())`. */
function indicators(v: unknown): boolean {
  if (!plain(v)) return false;
  for (const k in v) {
    if (k === "__proto__") return false;
    const x = v[k];
    if (x !== null && !finite(x)) return false;
  }
  return true;
}

/**
 * An array as structured clone and `JSON.parse` make them, of `n` rows when
 * `n` is given, with no property but its rows (structured clone keeps extra
 * ones, which zod would strip; counting keys costs ~15 ns a row).
 */
function column(v: unknown, n?: number): v is unknown[] {
  return Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype &&
    (n === undefined ? v.length >= 1 && v.length <= MAX_BATCH_ROWS : v.length === n) &&
    Object.keys(v).length === v.length;
}

function finiteColumn(v: unknown, n: number, min = -Infinity): boolean {
  if (!column(v, n)) return false;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (!finite(x) || x < min) return false;
  }
  return true;
}

/**
 * The candle columns of a batch: equal lengths, ascending open times, and
 * for a candle batch high >= low (an analysis batch, like an analysis, does
 * not check it: its candles were checked as candles).
 */
function ohlcvColumns(p: Fields, highLow: boolean): boolean {
  const t = p.openTime;
  if (!series(p) || !column(t)) return false;
  const n = t.length;
  for (let i = 0; i < n; i++) {
    if (!count(t[i]) || (i > 0 && (t[i] as number) <= (t[i - 1] as number))) return false;
  }
  if (
    !finiteColumn(p.open, n) || !finiteColumn(p.high, n) || !finiteColumn(p.low, n) ||
    !finiteColumn(p.close, n) || !finiteColumn(p.volume, n, 0)
  ) return false;
  if (!highLow) return true;
  const high = p.high as number[], low = p.low as number[];
  for (let i = 0; i < n; i++) if (high[i]! < low[i]!) return false;
  return true;
}

/** `z.record(z.string(), rows(finite.nullable()))`, each of `n` rows. */
function indicatorColumns(v: unknown, n: number): boolean {
  if (!plain(v)) return false;
  for (const k in v) {
    const c = v[k];
    if (k === "__proto__" || !column(c, n)) return false;
    for (let i = 0; i < n; i++) {
      const x = c[i];
      if (x !== null && !finite(x)) return false;
    }
  }
  return true;
}

/**
 * Whether `payload` is a valid payload of `type` with nothing zod would
 * strip; false means "ask the schema", not "invalid".
 *
 * @example
 * ```ts
 * acceptFastPayload("heartbeat", {}); // false: not a fast-path type
 * ```
 */
export function acceptFastPayload(type: string, payload: unknown): boolean {
  return plain(payload) && payloadOk(type, payload);
}

function payloadOk(type: unknown, p: Fields): boolean {
  switch (type) {
    case "candle":
    case "tick":
      return keys(p, 9) && ohlcv(p) && (p.high as number) >= (p.low as number);
    case "analysis":
      return keys(p, 10) && ohlcv(p) && indicators(p.indicators);
    case "signal":
      return keys(p, 10) && series(p) && text(p.strategy, 1) && count(p.openTime) &&
        (p.side === "buy" || p.side === "sell") && finite(p.strength) && p.strength >= 0 &&
        p.strength <= 1 && finite(p.price) && typeof p.reason === "string" &&
        indicators(p.indicators);
    case "candle_batch":
      return keys(p, 9) && ohlcvColumns(p, true);
    case "analysis_batch":
      return keys(p, 10) && ohlcvColumns(p, false) &&
        indicatorColumns(p.indicators, (p.openTime as unknown[]).length);
    default:
      return false;
  }
}

/**
 * Returns `input` as a message when it is a valid message of a fast-path
 * type with nothing to strip; otherwise `undefined` (ask the schema).
 *
 * @example
 * ```ts
 * const m = acceptFast(JSON.parse('{"type":"heartbeat"}')); // undefined: the schema decides
 * ```
 */
export function acceptFast(input: unknown): Message | undefined {
  if (!plain(input) || !keys(input, 6)) return undefined;
  const { payload } = input;
  if (
    !text(input.id, 1, 128) || !count(input.ts) || !text(input.source, 1, 128) ||
    !text(input.key, 0, 512) || !plain(payload) || !payloadOk(input.type, payload)
  ) return undefined;
  return input as unknown as Message;
}
