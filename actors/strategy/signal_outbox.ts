/**
 * Signals stored and not yet published.
 *
 * @module
 */
import { type Series, seriesKey, type Signal } from "../../messages/mod.ts";

/** How far a series' signals are on the bus: every one up to `openTime`. */
export interface PublishedMark {
  series: Series;
  openTime: number;
}

/**
 * Holds the signals the desk stored until each is published. A publish that
 * fails (Redis unreachable) leaves it and those after it here, and the next
 * flush, the bus's retry of the same delivery, sends them first: the desk
 * will not hand them out again, since they are stored. Flushes run one after
 * another, so a signal is never sent by two at once. Signal ids derive from
 * their content, so a repeat is recognisable downstream.
 *
 * What a crash loses from here the store still has: {@linkcode takeMarks}
 * says how far each series is published, for the store to keep, and the
 * next incarnation publishes the stored signals past it.
 *
 * @example
 * ```ts ignore
 * const outbox = new SignalOutbox((s) => bus.publish(toMessage(s)));
 * outbox.add(await desk.onAnalyses(batch));
 * await outbox.flush();
 * const marks = outbox.takeMarks(); // store them as `published` marks
 * ```
 */
export class SignalOutbox {
  #waiting: Signal[] = [];
  /** Per series, the newest signal published since the marks were last taken. */
  #published = new Map<string, Signal>();
  #flushing: Promise<void> = Promise.resolve();

  constructor(readonly publish: (signal: Signal) => Promise<void>) {}

  /** Signals waiting to be published. */
  get size(): number {
    return this.#waiting.length;
  }

  add(signals: readonly Signal[]): void {
    this.#waiting.push(...signals);
  }

  /** Publishes in order, after any flush still running; on a failure keeps the rest and rethrows. */
  flush(): Promise<void> {
    const run = this.#flushing.catch(() => {}).then(() => this.#flushNow());
    this.#flushing = run;
    return run;
  }

  async #flushNow(): Promise<void> {
    while (this.#waiting.length > 0) {
      const signal = this.#waiting[0]!;
      await this.publish(signal);
      this.#waiting.shift();
      this.#published.set(seriesKey(signal), signal);
    }
  }

  /**
   * Per series published to since the last call, the open time through
   * which all its signals are on the bus; nothing while any wait (a series'
   * candle may be half published). Taken marks are not given again.
   */
  takeMarks(): PublishedMark[] {
    if (this.#waiting.length > 0) return [];
    const marks = [...this.#published.values()].map((s) => ({
      series: { exchange: s.exchange, symbol: s.symbol, timeframe: s.timeframe },
      openTime: s.openTime,
    }));
    this.#published.clear();
    return marks;
  }
}
