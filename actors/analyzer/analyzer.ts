import type { Candle, Message, Series } from "../../messages/mod.ts";
import { createMessage, seriesKey } from "../../messages/mod.ts";
import { IndicatorSet } from "../../indicators/mod.ts";
import { timeframeMs } from "../../market/timeframe.ts";

/** Reads stored candles of a series older than a time, oldest first, in pages. */
export type HistoryReader = (series: Series, before: number) => AsyncIterable<Candle[]>;

/** Whether the store holds a candle of the series in the open interval (after, before). */
export type GapProbe = (series: Series, after: number, before: number) => Promise<boolean>;

/**
 * Incremental indicators per series. A series' state is rebuilt lazily, on
 * its first candle after a (re)start, from every stored candle before that
 * one, so a restarted analyzer emits exactly what an uninterrupted one would.
 *
 * @example
 * ```ts ignore
 * const analyzer = new Analyzer({ history, hasBetween, source: "analyzer" });
 * const analysis = await analyzer.onCandle(candleMessage);
 * ```
 */
export class Analyzer {
  /** Per series: indicator state, the last candle in it, and the next one expected. */
  readonly #sets = new Map<string, { set: IndicatorSet; last: number; next: number }>();

  constructor(
    readonly options: { history: HistoryReader; hasBetween: GapProbe; source: string },
  ) {}

  /** Series tracked so far. */
  get seriesCount(): number {
    return this.#sets.size;
  }

  /**
   * Updates the series with a closed candle; returns the analysis message to
   * publish, or null for a candle already seen (a redelivery or correction).
   */
  async onCandle(message: Extract<Message, { type: "candle" }>, now: number) {
    const candle = message.payload;
    const key = seriesKey(candle);
    let entry = this.#sets.get(key);
    // Candles stored between the last one seen here and this one were handled
    // elsewhere (the series' partition moved away and back): rebuild.
    if (
      entry && candle.openTime > entry.next &&
      await this.options.hasBetween(candle, entry.last, candle.openTime)
    ) entry = undefined;
    if (!entry) {
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
    }
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
}
