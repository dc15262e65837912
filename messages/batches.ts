/**
 * Batch payloads: consecutive candles (or analyses) of one series as columns,
 * row `i` of every column being candle `i`, oldest first. A backfill page or
 * a replay goes in a few of these instead of one message per candle, so the
 * bus's per-message work is paid once per page.
 *
 * @module
 */
import { z } from "zod";
import { finite, nonNegative } from "./numbers.ts";
import { type Analysis, type Candle, seriesSchema } from "./payloads.ts";

/** Most candles (or analyses) one batch message carries: one exchange page. */
export const MAX_BATCH_ROWS = 1_000;

const rows = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(MAX_BATCH_ROWS);
const candleColumns = {
  openTime: rows(z.number().int().nonnegative()),
  open: rows(finite),
  high: rows(finite),
  low: rows(finite),
  close: rows(finite),
  volume: rows(nonNegative),
};

/** The first candle column whose length differs from `openTime`'s, or null. */
function ragged(c: Record<keyof typeof candleColumns, readonly unknown[]>): string | null {
  for (const name of ["open", "high", "low", "close", "volume"] as const) {
    if (c[name].length !== c.openTime.length) return name;
  }
  return null;
}

/** The first row whose open time is not after the previous row's, or -1. */
function unordered(openTime: readonly number[]): number {
  for (let i = 1; i < openTime.length; i++) if (openTime[i]! <= openTime[i - 1]!) return i;
  return -1;
}

/** The first row whose high is below its low, or -1. */
function inverted(high: readonly number[], low: readonly number[]): number {
  for (let i = 0; i < high.length; i++) if (high[i]! < low[i]!) return i;
  return -1;
}

/**
 * Consecutive closed candles of one series as columns (row `i` of every
 * column is candle `i`), oldest first: a backfill page or a replay in one
 * message. It travels on the `candle` topic, so it keeps its place among
 * single candles of the series.
 */
export const candleBatchSchema = seriesSchema.extend(candleColumns).superRefine((c, ctx) => {
  const column = ragged(c);
  if (column) {
    ctx.addIssue({ code: "custom", path: [column], message: "must have one value per openTime" });
    return;
  }
  const late = unordered(c.openTime);
  if (late >= 0) {
    ctx.addIssue({ code: "custom", path: ["openTime", late], message: "must be ascending" });
  }
  const bad = inverted(c.high, c.low);
  if (bad >= 0) ctx.addIssue({ code: "custom", path: ["high", bad], message: "must be >= low" });
});
/** Consecutive closed candles of one series, as columns. */
export type CandleBatch = z.infer<typeof candleBatchSchema>;

/**
 * Analyses of consecutive candles of one series as columns, the analysis
 * counterpart of {@linkcode candleBatchSchema}, on the `analysis` topic.
 */
export const analysisBatchSchema = seriesSchema.extend({
  ...candleColumns,
  indicators: z.record(z.string(), rows(finite.nullable())),
}).superRefine((c, ctx) => {
  const indicator = Object.entries(c.indicators)
    .find(([, values]) => values.length !== c.openTime.length)?.[0];
  const column = ragged(c);
  if (indicator || column) {
    const path = indicator ? ["indicators", indicator] : [column!];
    ctx.addIssue({ code: "custom", path, message: "must have one value per openTime" });
    return;
  }
  const late = unordered(c.openTime);
  if (late >= 0) {
    ctx.addIssue({ code: "custom", path: ["openTime", late], message: "must be ascending" });
  }
});
/** Analyses of consecutive candles of one series, as columns. */
export type AnalysisBatch = z.infer<typeof analysisBatchSchema>;

/**
 * Candles of one series, oldest first, as one batch payload.
 *
 * @example
 * ```ts
 * const s = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
 * const batch = candleBatchOf([{ ...s, openTime: 0, open: 1, high: 2, low: 1, close: 2, volume: 5 }]);
 * batch.close; // [2]
 * ```
 */
export function candleBatchOf(candles: readonly Candle[]): CandleBatch {
  const first = candles[0];
  if (!first) throw new RangeError("a candle batch needs at least one candle, received none");
  // Columns grow by push, not `new Array(n)`: a holey array is cloned key by
  // key between workers, measured 7x slower than a packed one.
  const b: CandleBatch = {
    exchange: first.exchange,
    symbol: first.symbol,
    timeframe: first.timeframe,
    openTime: [],
    open: [],
    high: [],
    low: [],
    close: [],
    volume: [],
  };
  for (const c of candles) {
    b.openTime.push(c.openTime);
    b.open.push(c.open);
    b.high.push(c.high);
    b.low.push(c.low);
    b.close.push(c.close);
    b.volume.push(c.volume);
  }
  return b;
}

/**
 * Row `i` of a candle (or analysis) batch, as a candle.
 *
 * @example
 * ```ts
 * const s = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
 * const batch = { ...s, openTime: [0], open: [1], high: [2], low: [1], close: [2], volume: [5] };
 * candleAt(batch, 0).close; // 2
 * ```
 */
export function candleAt(b: CandleBatch | AnalysisBatch, i: number): Candle {
  return {
    exchange: b.exchange,
    symbol: b.symbol,
    timeframe: b.timeframe,
    openTime: b.openTime[i]!,
    open: b.open[i]!,
    high: b.high[i]!,
    low: b.low[i]!,
    close: b.close[i]!,
    volume: b.volume[i]!,
  };
}

/**
 * Analyses of one series, oldest first, as one batch payload. Every analysis
 * must carry the same indicator names (one analyzer's output does).
 *
 * @example
 * ```ts ignore
 * const batch = analysisBatchOf(analyses);
 * analysesOf(batch); // equal to analyses
 * ```
 */
export function analysisBatchOf(analyses: readonly Analysis[]): AnalysisBatch {
  const b = candleBatchOf(analyses);
  const names = Object.keys(analyses[0]!.indicators);
  const indicators: Record<string, (number | null)[]> = {};
  for (const name of names) indicators[name] = [];
  for (const a of analyses) {
    for (const name of names) {
      const value = a.indicators[name];
      if (value === undefined) {
        throw new RangeError(
          `analysis batch: the analysis at ${a.openTime} lacks indicator ${name} that the first has`,
        );
      }
      indicators[name]!.push(value);
    }
  }
  return { ...b, indicators };
}

/**
 * The analyses an analysis batch carries, oldest first.
 *
 * @example
 * ```ts ignore
 * for (const analysis of analysesOf(message.payload)) desk.onAnalysis(analysis);
 * ```
 */
export function analysesOf(b: AnalysisBatch): Analysis[] {
  const names = Object.keys(b.indicators);
  const columns = names.map((name) => b.indicators[name]!);
  const out: Analysis[] = [];
  for (let i = 0; i < b.openTime.length; i++) {
    const indicators: Record<string, number | null> = {};
    for (let k = 0; k < names.length; k++) indicators[names[k]!] = columns[k]![i]!;
    out.push({ ...candleAt(b, i), indicators });
  }
  return out;
}
