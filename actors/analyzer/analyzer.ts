import type { Candle, MessageOf, Series } from "../../messages/mod.ts";
import { candleAt, createMessage, seriesKey } from "../../messages/mod.ts";
import { IndicatorSet } from "../../indicators/mod.ts";
import { timeframeMs } from "../../market/timeframe.ts";

/** Reads stored candles of a series older than a time, oldest first, in pages. */
export type HistoryReader = (series: Series, before: number) => AsyncIterable<Candle[]>;

/** Whether the store holds a candle of the series in the open interval (after, before). */
export type GapProbe = (series: Series, after: number, before: number) => Promise<boolean>;

/** A series' indicator state, the last candle in it, and the next one expected. */
interface SeriesEntry {
  set: IndicatorSet;
  last: number;
  next: number;
}

/**
 * Incremental indicators per series. A series' state is rebuilt lazily, on
 * its first candle after a (re)start, from every stored candle before that
 * one, so a restarted analyzer emits exactly what an uninterrupted one would.
 *
 * @example
 * ```ts ignore
 * const analyzer = new Analyzer({ history, hasBetween, source: "analyzer" });
 * const analysis = await analyzer.onCandle(candleMessage, clock.now());
 * const analyses = await analyzer.onCandles(candleBatchMessage, clock.now());
 * ```
 */
export class Analyzer {
  readonly #sets = new Map<string, SeriesEntry>();

  constructor(
    readonly options: { history: HistoryReader; hasBetween: GapProbe; source: string },
  ) {}

  /**
   * Drops a series' state, so its next candle rebuilds it from the store:
   * for when the analysis of a candle could not be published, and the
   * bus's retry must compute it again rather than skip the candle as seen.
   */
  forget(series: Series): void {
    this.#sets.delete(seriesKey(series));
  }

  /** Series tracked so far. */
  get seriesCount(): number {
    return this.#sets.size;
  }

  /**
   * Updates the series with a closed candle; returns the analysis message to
   * publish, or null for a candle already seen (a redelivery or correction).
   */
  async onCandle(message: MessageOf<"candle">, now: number): Promise<MessageOf<"analysis"> | null> {
    const candle = message.payload;
    const key = seriesKey(candle);
    const entry = await this.#entryFor(key, candle);
    if (candle.openTime <= entry.last) return null;
    const indicators = { ...entry.set.update(candle) };
    entry.last = candle.openTime;
    entry.next = candle.openTime + timeframeMs(candle.timeframe);
    return createMessage("analysis", {
      exchange: candle.exchange,
      symbol: candle.symbol,
      timeframe: candle.timeframe,
      openTime: candle.openTime,
      open: candle.open,
      high: candle.high,
      low: candle.low,
      close: candle.close,
      volume: candle.volume,
      indicators,
    }, { source: this.options.source, key, now, id: `analysis:${key}:${candle.openTime}` });
  }

  /**
   * Updates the series with a batch of closed candles, as {@linkcode onCandle}
   * would one by one; returns one analysis batch of the candles not seen
   * before, or null when every one was.
   */
  async onCandles(
    message: MessageOf<"candle_batch">,
    now: number,
  ): Promise<MessageOf<"analysis_batch"> | null> {
    const b = message.payload;
    const key = seriesKey(b);
    const entry = await this.#entryFor(key, candleAt(b, 0));
    const step = timeframeMs(b.timeframe);
    const rows: number[] = [];
    for (let i = 0; i < b.openTime.length; i++) if (b.openTime[i]! > entry.last) rows.push(i);
    if (rows.length === 0) return null;
    // Packed columns (push, not `new Array(n)`): see `candleBatchOf`.
    const columns: Record<string, (number | null)[]> = {};
    for (const k of entry.set.keys) columns[k] = [];
    const pick = (column: readonly number[]) => rows.map((i) => column[i]!);
    for (const i of rows) {
      const values = entry.set.update({
        openTime: b.openTime[i]!,
        high: b.high[i]!,
        low: b.low[i]!,
        close: b.close[i]!,
        volume: b.volume[i]!,
      });
      for (const k in values) columns[k]!.push(values[k]!);
    }
    const first = b.openTime[rows[0]!]!, last = b.openTime[rows.at(-1)!]!;
    entry.last = last;
    entry.next = last + step;
    return createMessage("analysis_batch", {
      exchange: b.exchange,
      symbol: b.symbol,
      timeframe: b.timeframe,
      openTime: pick(b.openTime),
      open: pick(b.open),
      high: pick(b.high),
      low: pick(b.low),
      close: pick(b.close),
      volume: pick(b.volume),
      indicators: columns,
    }, { source: this.options.source, key, now, id: `analyses:${key}:${first}:${last}` });
  }

  /** The series' state, rebuilt from stored candles when it is new here or missed candles. */
  async #entryFor(key: string, candle: Candle): Promise<SeriesEntry> {
    let entry = this.#sets.get(key);
    // Candles stored between the last one seen here and this one were handled
    // elsewhere (the series' partition moved away and back): rebuild.
    if (
      entry && candle.openTime > entry.next &&
      await this.options.hasBetween(candle, entry.last, candle.openTime)
    ) entry = undefined;
    if (entry) return entry;
    entry = { set: new IndicatorSet(), last: -Infinity, next: -Infinity };
    for await (const page of this.options.history(candle, candle.openTime)) {
      for (const c of page) {
        if (c.openTime <= entry.last) continue;
        entry.set.update(c);
        entry.last = c.openTime;
        entry.next = c.openTime + timeframeMs(c.timeframe);
      }
    }
    this.#sets.set(key, entry);
    return entry;
  }
}
