/**
 * Reading a kline CSV file's valid rows, and the columns a replay holds
 * them in.
 *
 * @module
 */
import { isAligned, timeframeMs } from "../timeframe.ts";
import { isHeaderLine, type KlineRow, parseKlineLine } from "./kline_csv.ts";
import { readLineChunks } from "./lines.ts";

/** Where {@linkcode validRows} reads from: a file or a byte stream of one. */
export interface RowInput {
  /** The CSV file, or a byte stream of it. */
  path?: string;
  stream?: ReadableStream<Uint8Array>;
  timeframe: string;
}

/**
 * Column storage: six numbers per candle instead of an object each (a year
 * of 1m is 25 MB).
 *
 * @example
 * ```ts
 * const cols = new Columns();
 * cols.push(60_000, 1, 2, 0.5, 1.5, 10);
 * cols.lowerBound(0); // 0
 * ```
 */
export class Columns {
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
 * line number. `seen` counts lines and notes a header as they are read.
 * Stopping early closes the file.
 *
 * @example
 * ```ts
 * const seen = { lines: 0, header: false };
 * const input = { path: "market/replay/testdata/btcusdt_1m_sample.csv", timeframe: "1m" };
 * for await (const rows of validRows(input, () => {}, seen)) rows.length;
 * ```
 */
export async function* validRows(
  options: RowInput,
  bad: (line: number, reason: string) => void,
  seen: { lines: number; header: boolean },
): AsyncGenerator<KlineRow[]> {
  let stream = options.stream;
  if (!stream) {
    if (!options.path) throw new TypeError("a replay needs a path or a stream, received neither");
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
  options: RowInput,
): Promise<number | null> {
  timeframeMs(options.timeframe); // fails early on a bad timeframe
  const seen = { lines: 0, header: false };
  // Bad rows are the collector's to report, when it reads the whole file.
  for await (const rows of validRows(options, () => {}, seen)) return rows[0]!.openTime;
  return null;
}
