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
import { timeframeMs } from "../timeframe.ts";
import type { KlineRow } from "./kline_csv.ts";
import { Columns, validRows } from "./rows.ts";

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

/**
 * Candles from a CSV file, held as columns. The file is read in the
 * background from the first chunk of rows on: a request for candles the
 * read has not reached yet waits for it, so a year's backfill starts at once
 * instead of after the whole file (~0.5 s of parsing). Bad rows are logged
 * with their line number and skipped; {@linkcode ReplaySource.loaded}
 * resolves with the full report. The replay speed is the clock's
 * (`scaledClock`): the source answers for the `now` it is given.
 *
 * @example
 * ```ts
 * const replay = await ReplaySource.open({
 *   path: "market/replay/testdata/btcusdt_1m_sample.csv", symbol: "BTC/USDT", timeframe: "1m",
 * });
 * const first = replay.report.firstOpenTime!;
 * const candles = await replay.fetchClosed(replay.series, first, 10, first + 3_600_000);
 * const report = await replay.loaded; // the whole file read and checked
 * ```
 */
export class ReplaySource implements MarketSource {
  readonly name = "replay";
  readonly series: Series;
  /** What the read has found so far; complete once {@linkcode loaded} resolves. */
  readonly report: ReplayReport;
  /** Resolves with the report when the whole file was read; rejects if reading failed. */
  readonly loaded: Promise<ReplayReport>;
  readonly #cols = new Columns();
  #done = false;
  #closed = false;
  /** Resolved (and replaced) each time the read appends rows or ends. */
  #progress = Promise.withResolvers<void>();

  private constructor(series: Series, report: ReplayReport, rows: AsyncGenerator<KlineRow[]>) {
    this.series = series;
    this.report = report;
    this.loaded = this.#load(rows);
    // A failed read surfaces through fetchClosed and `loaded`, never unhandled.
    this.loaded.catch(() => {});
  }

  /** Starts reading the file; resolves once its first valid rows (or its end) are in. */
  static async open(options: ReplayOptions): Promise<ReplaySource> {
    const series: Series = {
      exchange: options.exchange ?? "binance",
      symbol: options.symbol,
      timeframe: options.timeframe,
    };
    timeframeMs(options.timeframe); // fails early on a bad timeframe
    const logger = options.logger ?? getLogger(["ct", "market", "replay"]);
    const maxReported = options.maxReportedRows ?? 100;
    const file = options.path ?? "stream";
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
        logger.warn("replay {file} line {line} skipped: {reason}", { file, line, reason });
      }
    };
    const source = new ReplaySource(series, report, validRows(options, bad, report));
    await Promise.race([source.#progress.promise, source.loaded]);
    source.loaded.then(() => {
      if (report.badRows > maxReported) {
        logger.warn("replay {file}: {count} bad rows in all, the first {shown} were logged", {
          file,
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
    }, (e) => logger.error("replay {file} could not be read: {error}", { file, error: String(e) }));
    return source;
  }

  async #load(rows: AsyncGenerator<KlineRow[]>): Promise<ReplayReport> {
    const { report } = this;
    const cols = this.#cols;
    try {
      for await (const chunk of rows) {
        if (this.#closed) break; // leaving the loop closes the file
        if (report.timeUnit === "none") report.timeUnit = chunk[0]!.micros ? "us" : "ms";
        for (const r of chunk) cols.push(r.openTime, r.open, r.high, r.low, r.close, r.volume);
        report.candles = cols.length;
        report.firstOpenTime = cols.time[0]!;
        report.lastOpenTime = cols.time[cols.length - 1]!;
        this.#advance();
      }
      return report;
    } finally {
      this.#done = true;
      this.#advance();
    }
  }

  #advance(): void {
    const progress = this.#progress;
    this.#progress = Promise.withResolvers<void>();
    progress.resolve();
  }

  /**
   * Waits until the read covers a request: `limit` candles from `since` on,
   * a candle opened after `closedBy` (not closed yet, so nothing after it
   * can be served), or the end of the file.
   */
  async #covered(since: number, limit: number, closedBy: number): Promise<void> {
    const cols = this.#cols;
    while (!this.#done) {
      const from = cols.lowerBound(since);
      if (cols.length - from >= limit) return;
      if (cols.length > 0 && cols.time[cols.length - 1]! > closedBy) return;
      await this.#progress.promise;
    }
    await this.loaded; // rethrows a failed read
  }

  async fetchClosed(
    series: Series,
    since: number,
    limit: number,
    now: number,
  ): Promise<Candle[]> {
    if (seriesKey(series) !== seriesKey(this.series)) {
      throw new BadSymbolError(
        `replay holds ${seriesKey(this.series)} only, received ${seriesKey(series)}`,
      );
    }
    const tf = timeframeMs(series.timeframe);
    await this.#covered(since, limit, now - tf);
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
    return out;
  }

  symbols(): Promise<string[]> {
    return Promise.resolve([this.series.symbol]);
  }

  /** Stops reading the file; candles already read are still served. */
  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}
