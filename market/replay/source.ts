/**
 * Replays a Binance kline CSV file as a {@linkcode MarketSource}.
 *
 * @module
 */
import { getLogger, type Logger } from "@logtape/logtape";
import type { Candle, Series } from "../../messages/payloads.ts";
import { seriesKey } from "../../messages/keys.ts";
import { BadSymbolError } from "../errors.ts";
import type { MarketSource } from "../source.ts";
import { isAligned, timeframeMs } from "../timeframe.ts";
import { isHeaderLine, type KlineRow, parseKlineLine } from "./kline_csv.ts";
import { readLineChunks } from "./lines.ts";

/** Options for {@linkcode ReplaySource.open}. */
export interface ReplayOptions {
  /** The CSV file, or a byte stream of it. */
  path?: string;
  stream?: ReadableStream<Uint8Array>;
  /** The series the file holds. Exchange defaults to "binance". */
  exchange?: string;
  symbol: string;
  timeframe: string;
  logger?: Logger;
  /** Bad rows kept in the report (all are counted). Default 100. */
  maxReportedRows?: number;
}

/** A rejected row. */
export interface BadRow {
  line: number;
  reason: string;
}

/** What loading the file found. */
export interface ReplayReport {
  lines: number;
  candles: number;
  header: boolean;
  timeUnit: "ms" | "us" | "none";
  badRows: number;
  /** The first `maxReportedRows` bad rows with line numbers. */
  bad: BadRow[];
  firstOpenTime: number | null;
  lastOpenTime: number | null;
}

/** Column storage: six numbers per candle instead of an object each (a year of 1m is 25 MB). */
class Columns {
  length = 0;
  #cap = 4096;
  time = new Float64Array(this.#cap);
  ohlcv = new Float64Array(this.#cap * 5);

  push(t: number, o: number, h: number, l: number, c: number, v: number): void {
    if (this.length === this.#cap) {
      this.#cap *= 2;
      const time = new Float64Array(this.#cap);
      time.set(this.time);
      const ohlcv = new Float64Array(this.#cap * 5);
      ohlcv.set(this.ohlcv);
      this.time = time;
      this.ohlcv = ohlcv;
    }
    const i = this.length++;
    this.time[i] = t;
    const at = i * 5;
    const ohlcv = this.ohlcv;
    ohlcv[at] = o;
    ohlcv[at + 1] = h;
    ohlcv[at + 2] = l;
    ohlcv[at + 3] = c;
    ohlcv[at + 4] = v;
  }

  /** Index of the first candle with time >= t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The file's rows that parse, align to `options.timeframe` and ascend, in
 * order, a chunk of the file at a time; the others go to `bad` with their
 * line number. `seen` counts lines
 * and notes a header as they are read. Stopping early closes the file.
 */
async function* validRows(
  options: Pick<ReplayOptions, "path" | "stream" | "timeframe">,
  bad: (line: number, reason: string) => void,
  seen: Pick<ReplayReport, "lines" | "header">,
): AsyncGenerator<KlineRow[]> {
  let stream = options.stream;
  if (!stream) {
    if (!options.path) throw new TypeError("ReplaySource.open needs a path or a stream");
    // The readable closes the file when fully read or cancelled.
    stream = (await Deno.open(options.path)).readable;
  }
  const tf = options.timeframe;
  let last = -Infinity;
  for await (const lines of readLineChunks(stream)) {
    const rows: KlineRow[] = [];
    for (const line of lines) {
      const lineNo = ++seen.lines;
      if (line.trim() === "") continue;
      if (lineNo === 1 && isHeaderLine(line)) {
        seen.header = true;
        continue;
      }
      const parsed = parseKlineLine(line);
      if (!parsed.ok) {
        bad(lineNo, parsed.reason);
        continue;
      }
      const r = parsed.row;
      if (!isAligned(r.openTime, tf)) {
        bad(lineNo, `open time ${r.openTime} is not aligned to ${tf}`);
        continue;
      }
      if (r.openTime <= last) {
        bad(lineNo, `open time ${r.openTime} is not after the previous row's ${last}`);
        continue;
      }
      last = r.openTime;
      rows.push(r);
    }
    if (rows.length > 0) yield rows;
  }
}

/**
 * The open time of a replay file's first valid candle, or `null` when it has
 * none, reading no further than that row (a year of 1m is 525,600 lines).
 *
 * @example
 * ```ts
 * const first = await firstReplayTime({
 *   path: "market/replay/testdata/btcusdt_1m_sample.csv", timeframe: "1m",
 * });
 * ```
 */
export async function firstReplayTime(
  options: Pick<ReplayOptions, "path" | "stream" | "timeframe">,
): Promise<number | null> {
  timeframeMs(options.timeframe); // fails early on a bad timeframe
  const seen = { lines: 0, header: false };
  // Bad rows are the collector's to report, when it reads the whole file.
  for await (const rows of validRows(options, () => {}, seen)) return rows[0]!.openTime;
  return null;
}

/**
 * Candles from a CSV file, streamed line by line on open and held as
 * columns. Bad rows are logged with their line number and skipped. The
 * replay speed is the clock's (`scaledClock`): the source answers for the
 * `now` it is given.
 *
 * @example
 * ```ts
 * const replay = await ReplaySource.open({
 *   path: "market/replay/testdata/btcusdt_1m_sample.csv", symbol: "BTC/USDT", timeframe: "1m",
 * });
 * const first = replay.report.firstOpenTime!;
 * const candles = await replay.fetchClosed(replay.series, first, 10, first + 3_600_000);
 * ```
 */
export class ReplaySource implements MarketSource {
  readonly name = "replay";
  readonly series: Series;
  readonly report: ReplayReport;
  #cols: Columns;

  private constructor(series: Series, cols: Columns, report: ReplayReport) {
    this.series = series;
    this.#cols = cols;
    this.report = report;
  }

  /** Reads and checks the whole file, then serves it. */
  static async open(options: ReplayOptions): Promise<ReplaySource> {
    const series: Series = {
      exchange: options.exchange ?? "binance",
      symbol: options.symbol,
      timeframe: options.timeframe,
    };
    const tf = options.timeframe;
    timeframeMs(tf); // fails early on a bad timeframe
    const logger = options.logger ?? getLogger(["ct", "market", "replay"]);
    const maxReported = options.maxReportedRows ?? 100;
    const report: ReplayReport = {
      lines: 0,
      candles: 0,
      header: false,
      timeUnit: "none",
      badRows: 0,
      bad: [],
      firstOpenTime: null,
      lastOpenTime: null,
    };
    const bad = (line: number, reason: string) => {
      report.badRows++;
      if (report.bad.length < maxReported) {
        report.bad.push({ line, reason });
        logger.warn("replay {file} line {line} skipped: {reason}", {
          file: options.path ?? "stream",
          line,
          reason,
        });
      }
    };

    const cols = new Columns();
    for await (const rows of validRows(options, bad, report)) {
      if (report.timeUnit === "none") report.timeUnit = rows[0]!.micros ? "us" : "ms";
      for (const r of rows) cols.push(r.openTime, r.open, r.high, r.low, r.close, r.volume);
    }
    report.candles = cols.length;
    report.firstOpenTime = cols.length ? cols.time[0]! : null;
    report.lastOpenTime = cols.length ? cols.time[cols.length - 1]! : null;
    if (report.badRows > maxReported) {
      logger.warn("replay {file}: {count} bad rows in all, the first {shown} were logged", {
        file: options.path ?? "stream",
        count: report.badRows,
        shown: maxReported,
      });
    }
    logger.info("replay {series}: {candles} candles from {lines} lines, {bad} bad", {
      series: seriesKey(series),
      candles: report.candles,
      lines: report.lines,
      bad: report.badRows,
    });
    return new ReplaySource(series, cols, report);
  }

  fetchClosed(series: Series, since: number, limit: number, now: number): Promise<Candle[]> {
    if (seriesKey(series) !== seriesKey(this.series)) {
      return Promise.reject(
        new BadSymbolError(
          `replay holds ${seriesKey(this.series)} only, received ${seriesKey(series)}`,
        ),
      );
    }
    const tf = timeframeMs(series.timeframe);
    const cols = this.#cols;
    const out: Candle[] = [];
    for (let i = cols.lowerBound(since); i < cols.length && out.length < limit; i++) {
      const openTime = cols.time[i]!;
      if (openTime + tf > now) break;
      const o = i * 5;
      out.push({
        ...this.series,
        openTime,
        open: cols.ohlcv[o]!,
        high: cols.ohlcv[o + 1]!,
        low: cols.ohlcv[o + 2]!,
        close: cols.ohlcv[o + 3]!,
        volume: cols.ohlcv[o + 4]!,
      });
    }
    return Promise.resolve(out);
  }

  symbols(): Promise<string[]> {
    return Promise.resolve([this.series.symbol]);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
