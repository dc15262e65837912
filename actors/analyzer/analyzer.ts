import type { Candle, Message, Series } from "../../messages/mod.ts";
import { createMessage, seriesKey } from "../../messages/mod.ts";
import { IndicatorSet } from "../../indicators/mod.ts";

/** Reads stored candles of a series older than a time, oldest first, in pages. */
export type HistoryReader = (series: Series, before: number) => AsyncIterable<Candle[]>;

/**
 * Incremental indicators per series. A series' state is rebuilt lazily, on
 * its first candle after a (re)start, from every stored candle before that
 * one, so a restarted analyzer emits exactly what an uninterrupted one would.
 *
 * @example
 * ```ts ignore
 * const analyzer = new Analyzer({ history, source: "analyzer" });
 * const analysis = await analyzer.onCandle(candleMessage);
 * ```
 */
export class Analyzer {
  readonly #sets = new Map<string, { set: IndicatorSet; last: number }>();

  constructor(readonly options: { history: HistoryReader; source: string }) {}

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
    if (!entry) {
      entry = { set: new IndicatorSet(), last: -Infinity };
      for await (const page of this.options.history(candle, candle.openTime)) {
        for (const c of page) {
          if (c.openTime <= entry.last) continue;
          entry.set.update(c);
          entry.last = c.openTime;
        }
      }
      this.#sets.set(key, entry);
    }
    if (candle.openTime <= entry.last) return null;
    const indicators = { ...entry.set.update(candle) };
    entry.last = candle.openTime;
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
