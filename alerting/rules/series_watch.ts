/**
 * Recent candles of every series the market rules watch: a fixed ring of
 * open times, closes and volumes per series, updated in O(1) per candle.
 *
 * @module
 */
import { timeframeMs } from "../../market/timeframe.ts";
import type { Candle, Series } from "../../messages/payloads.ts";
import type { Labels } from "../model.ts";

/**
 * One series' recent candles, oldest to newest. Read-only to the rules.
 *
 * @example
 * ```ts
 * const watch = new SeriesWatch();
 * watch.observeCandle({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1m", openTime: 0,
 *   open: 1, high: 1, low: 1, close: 1, volume: 5 }, 60_000);
 * for (const s of watch.values()) s.intervalsSinceLast(240_000); // 3
 * ```
 */
export class SeriesRing {
  /** `exchange`, `symbol` and `timeframe`: the labels of its alerts. */
  readonly labels: Labels;
  readonly timeframeMs: number;
  readonly #openTimes: Float64Array;
  readonly #closes: Float64Array;
  readonly #volumes: Float64Array;
  /** Index of the newest candle. */
  #head = -1;
  #size = 0;
  #lastOpen = 0;
  /** From when silence counts: the newest candle's close time, or when the series was expected. */
  #freshFrom: number;
  /** When the newest candle arrived, epoch ms. */
  receivedAt: number;

  constructor(series: Series, capacity: number, now: number) {
    this.labels = { exchange: series.exchange, symbol: series.symbol, timeframe: series.timeframe };
    this.timeframeMs = timeframeMs(series.timeframe);
    this.#openTimes = new Float64Array(capacity);
    this.#closes = new Float64Array(capacity);
    this.#volumes = new Float64Array(capacity);
    this.#freshFrom = now;
    this.receivedAt = now;
  }

  /** Candles held. */
  get size(): number {
    return this.#size;
  }

  /** Open time of the newest candle, or `undefined` before the first. */
  get lastOpenTime(): number | undefined {
    return this.#size === 0 ? undefined : this.#openTimes[this.#head];
  }

  /** Close of the newest candle, or `undefined` before the first. */
  get lastClose(): number | undefined {
    return this.#size === 0 ? undefined : this.#closes[this.#head];
  }

  /** Adds a candle; the same open time again replaces it. Older candles are ignored (false). */
  push(c: Candle, now: number): boolean {
    const cap = this.#openTimes.length;
    const last = this.lastOpenTime;
    if (last !== undefined && c.openTime < last) return false;
    if (last === undefined || c.openTime > last) {
      this.#head = (this.#head + 1) % cap;
      if (this.#size < cap) this.#size++;
    }
    this.#openTimes[this.#head] = c.openTime;
    this.#closes[this.#head] = c.close;
    this.#volumes[this.#head] = c.volume;
    this.#lastOpen = c.open;
    this.#freshFrom = Math.max(this.#freshFrom, c.openTime + this.timeframeMs);
    this.receivedAt = now;
    return true;
  }

  /**
   * Whole and part intervals since the newest candle closed (or since the
   * series was expected, before its first candle).
   */
  intervalsSinceLast(now: number): number {
    return (now - this.#freshFrom) / this.timeframeMs;
  }

  /**
   * Change of the newest close, percent, against the close `windowMs`
   * earlier: the newest candle opened at least `windowMs` before the newest
   * one (or the oldest held, when the history is shorter). With one candle,
   * against its own open. `undefined` before the first candle or on a zero
   * reference price.
   */
  changePercent(windowMs: number): number | undefined {
    if (this.#size === 0) return undefined;
    const close = this.#closes[this.#head]!;
    let ref = this.#lastOpen;
    if (this.#size > 1) {
      const target = this.#openTimes[this.#head]! - windowMs;
      // Newest candle (age index 1..size-1, 1 = just before the newest) opened at or before target.
      let lo = 1, hi = this.#size - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.#openTimes[this.#at(mid)]! <= target) hi = mid;
        else lo = mid + 1;
      }
      ref = this.#closes[this.#at(lo)]!;
    }
    return ref === 0 ? undefined : 100 * (close - ref) / ref;
  }

  /**
   * The newest volume over the mean of the `lookback` volumes before it;
   * `undefined` with fewer candles than that or a zero mean.
   */
  volumeRatio(lookback: number): number | undefined {
    if (this.#size < lookback + 1) return undefined;
    let sum = 0;
    for (let age = 1; age <= lookback; age++) sum += this.#volumes[this.#at(age)]!;
    return sum === 0 ? undefined : this.#volumes[this.#head]! / (sum / lookback);
  }

  /** Ring index of the candle `age` steps before the newest. */
  #at(age: number): number {
    const cap = this.#openTimes.length;
    return (this.#head - age + cap) % cap;
  }
}

/** Options of {@linkcode SeriesWatch}. */
export interface SeriesWatchOptions {
  /**
   * Candles kept per series: at least `volumeSpike.lookback + 1`, and
   * `priceMove.windowMs / timeframe + 1` for the shortest timeframe to see
   * the whole window. Default 128 (a 1 h window on 1m candles).
   */
  capacity?: number;
}

/**
 * Every watched series by identity. Feed it each closed candle; the market
 * rules read it at each evaluation.
 *
 * @example
 * ```ts
 * const watch = new SeriesWatch({ capacity: 128 });
 * watch.expect({ exchange: "binance", symbol: "ETH/USDT", timeframe: "1h" }, Date.now());
 * // on every candle message: watch.observeCandle(message.payload, Date.now());
 * watch.size; // 1
 * ```
 */
export class SeriesWatch {
  readonly capacity: number;
  readonly #series = new Map<string, SeriesRing>();
  #version = 0;

  constructor(options: SeriesWatchOptions = {}) {
    this.capacity = options.capacity ?? 128;
    if (!Number.isInteger(this.capacity) || this.capacity < 2) {
      throw new RangeError(
        `SeriesWatch: capacity must be an integer >= 2, received ${options.capacity}`,
      );
    }
  }

  /** Series watched. */
  get size(): number {
    return this.#series.size;
  }

  /** Changes with every candle taken and series added or removed (lets readers cache). */
  get version(): number {
    return this.#version;
  }

  /**
   * Records a closed candle at `now`. Returns false when it is older than the
   * series' newest (a late or replayed candle changes nothing).
   *
   * @throws {RangeError} on a timeframe `timeframeMs` cannot read.
   */
  observeCandle(candle: Candle, now: number): boolean {
    const taken = this.#ring(candle, now).push(candle, now);
    if (taken) this.#version++;
    return taken;
  }

  /**
   * Watches a series before its first candle: it turns stale if none comes
   * within the stale-data intervals from `now` (a watchlist entry that never
   * delivers). Does nothing for a series already watched.
   */
  expect(series: Series, now: number): void {
    this.#ring(series, now);
  }

  /** Stops watching a series (removed from the watchlist). */
  forget(series: Series): boolean {
    this.#version++;
    return this.#series.delete(seriesKey(series));
  }

  /** The series' ring, if watched. */
  get(series: Series): SeriesRing | undefined {
    return this.#series.get(seriesKey(series));
  }

  /** Every watched series. */
  values(): IterableIterator<SeriesRing> {
    return this.#series.values();
  }

  #ring(series: Series, now: number): SeriesRing {
    const key = seriesKey(series);
    let ring = this.#series.get(key);
    if (!ring) {
      this.#series.set(key, ring = new SeriesRing(series, this.capacity, now));
      this.#version++;
    }
    return ring;
  }
}

function seriesKey(s: Series): string {
  return `${s.exchange}\u0000${s.symbol}\u0000${s.timeframe}`;
}
