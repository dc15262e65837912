/**
 * The collector's logic: backfill each watched series from the candle
 * store's last candle, then follow it live (websocket where the source has
 * one, REST polling timed to candle closes otherwise), storing and then
 * publishing each closed candle once, in order.
 *
 * @module
 */
import { getLogger, type Logger } from "@logtape/logtape";
import type { Candle } from "../../messages/payloads.ts";
import { seriesKey } from "../../messages/keys.ts";
import { classifyError } from "../../market/errors.ts";
import { suggestSymbols } from "../../market/suggest.ts";
import { floorToTimeframe, timeframeMs } from "../../market/timeframe.ts";
import { authFailedAlert, symbolDisabledAlert } from "./alerts.ts";
import { acceptCandles, closedAt, commitCandles, correctCandle } from "./intake.ts";
import { retryForever } from "./retry.ts";
import { initialStats, type SeriesState, type SeriesStats } from "./stats.ts";
import { CollectorFatalError, type CollectorOptions } from "./types.ts";
import { followWatch } from "./watch.ts";

/**
 * Collects candles for a watchlist. `run()` resolves when the signal aborts
 * and rejects only with {@linkcode CollectorFatalError}: network failures
 * are retried forever, a bad symbol disables its series alone.
 *
 * @example
 * ```ts
 * import { SimSource } from "../../market/sim/mod.ts";
 * import { ManualClock } from "../../lib/clock.ts";
 * const stored: import("../../messages/payloads.ts").Candle[] = [];
 * const ac = new AbortController();
 * const collector = new Collector({
 *   source: new SimSource(), clock: new ManualClock(Date.UTC(2024, 0, 1)), signal: ac.signal,
 *   watchlist: [{ exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" }], backfillDepth: 60,
 *   sink: { lastCandleTime: async () => null, upsertCandles: async (c) => void stored.push(...c) },
 *   publish: async () => {},
 * });
 * const done = collector.run();
 * ac.abort();
 * await done;
 * ```
 */
export class Collector {
  readonly options: CollectorOptions;
  readonly logger: Logger;
  #states: SeriesState[];

  constructor(options: CollectorOptions) {
    this.options = options;
    this.logger = options.logger ?? getLogger(["ct", "collector"]);
    if (!(Number.isInteger(options.backfillDepth) && options.backfillDepth >= 0)) {
      throw new RangeError(
        `backfillDepth must be an integer >= 0, received ${options.backfillDepth}`,
      );
    }
    const seen = new Set<string>();
    this.#states = [];
    for (const series of options.watchlist) {
      const key = seriesKey(series);
      if (seen.has(key)) continue;
      seen.add(key);
      this.#states.push({
        series,
        key,
        tf: timeframeMs(series.timeframe),
        nextOpen: 0,
        last: null,
        misses: 0,
        wsRetryAt: -Infinity,
        stats: initialStats(series, key),
      });
    }
  }

  /** A snapshot of every series' stats. */
  stats(): SeriesStats[] {
    return this.#states.map((s) => ({ ...s.stats }));
  }

  /** Candles rejected by validation, all series. */
  get rejectedCount(): number {
    return this.#states.reduce((n, s) => n + s.stats.rejected, 0);
  }

  /** Follows every series until the signal aborts. */
  async run(): Promise<void> {
    const fatal = new AbortController();
    const signal = AbortSignal.any([this.options.signal, fatal.signal]);
    let error: unknown;
    await Promise.all(this.#states.map((st) =>
      this.#runSeries(st, signal).catch((err) => {
        error ??= err;
        fatal.abort(err);
      }).finally(() => {
        if (!st.stats.disabled) st.stats.mode = "stopped";
      })
    ));
    if (error !== undefined) throw error;
  }

  async #runSeries(st: SeriesState, signal: AbortSignal): Promise<void> {
    const { source, clock } = this.options;
    try {
      const stored = await this.retry(
        st,
        "reading the last stored candle",
        signal,
        () => this.options.sink.lastCandleTime(st.series),
        true,
      );
      st.stats.lastClosedOpenTime = stored;
      st.nextOpen = stored !== null ? stored + st.tf : this.options.backfillFrom ??
        floorToTimeframe(clock.now(), st.series.timeframe) - this.options.backfillDepth * st.tf;
      await this.catchUp(st, signal);
      const canWatch = source.watch !== undefined && this.options.websocket !== false;
      while (!signal.aborted) {
        if (canWatch && clock.now() >= st.wsRetryAt) {
          await followWatch(this, st, signal);
          await this.catchUp(st, signal); // whatever closed while the stream was down
          continue;
        }
        st.stats.mode = "poll";
        const wsIn = canWatch ? st.wsRetryAt - clock.now() : Infinity;
        await clock.sleep(Math.min(this.pollDelay(st), Math.max(1, wsIn)), signal);
        await this.catchUp(st, signal);
      }
    } catch (err) {
      if (signal.aborted) return;
      const c = classifyError(err);
      if (c.kind === "bad_symbol") return await this.#disable(st, c.message);
      if (c.kind === "auth") {
        const alert = authFailedAlert(st.series, source.name, c.message);
        this.logger.error("{summary}", { summary: alert.summary });
        this.options.onAlert?.(alert);
        throw new CollectorFatalError(alert.summary, { cause: err });
      }
      throw err;
    }
  }

  /**
   * Clock ms until the next look at the source: just after the due candle
   * closes, or, when it is overdue, after a wait that grows while it stays
   * missing (so a lagging exchange is not hammered).
   */
  pollDelay(st: SeriesState): number {
    const lag = this.options.pollLagMs ?? 2000;
    let wait = st.nextOpen + st.tf + lag - this.options.clock.now();
    if (wait <= 0) {
      // The due candle has closed but the source has not got it yet: look again soon, then less often.
      st.misses++;
      wait = Math.min(lag * 2 ** Math.min(st.misses - 1, 16), st.tf);
    } else {
      st.misses = 0;
    }
    return Math.max(1, Math.min(wait, this.options.pollIntervalMs ?? Infinity));
  }

  /** Fetches, stores and publishes every closed candle from `nextOpen` to now, page by page. */
  async catchUp(st: SeriesState, signal: AbortSignal): Promise<void> {
    const { source, clock } = this.options;
    const pageSize = this.options.pageSize ?? 1000;
    const mode = st.stats.mode;
    st.stats.mode = "backfill";
    try {
      // Ends when nothing more has closed, or the source has nothing newer yet.
      while (!signal.aborted && st.nextOpen + st.tf <= clock.now()) {
        // Overlap by the last published candle so a late correction of it is seen.
        const since = st.last?.openTime ?? st.nextOpen;
        // `now` is read per attempt: after a long outage the first retry that works gets it all.
        let now = clock.now();
        const page = await this.retry(st, `fetching ${st.key}`, signal, () => {
          now = clock.now();
          return source.fetchClosed(st.series, since, pageSize, now);
        });
        st.stats.lastSuccessAt = clock.now();
        const before = st.nextOpen;
        await this.accept(st, page.filter((c) => closedAt(this, st, c, now)), signal);
        if (st.nextOpen === before) return;
      }
    } finally {
      if (st.stats.mode === "backfill") st.stats.mode = mode;
    }
  }

  /**
   * Takes candles from the source in open-time order: new valid ones are
   * stored then published, a changed copy of the last published one is
   * stored only, invalid ones are counted and skipped.
   */
  accept(st: SeriesState, candles: Candle[], signal: AbortSignal): Promise<void> {
    return acceptCandles(this, st, candles, signal);
  }

  /** Stores, then publishes closed candles; each is published once per run. */
  commit(st: SeriesState, candles: Candle[], signal: AbortSignal): Promise<void> {
    return commitCandles(this, st, candles, signal);
  }

  /** Stores a corrected closed candle without publishing it again. */
  correct(st: SeriesState, c: Candle, signal: AbortSignal): Promise<void> {
    return correctCandle(this, st, c, signal);
  }

  /**
   * {@linkcode retryForever} with this series' error counting. `local`: the
   * call waits on this system's storage or bus, so its back-off is capped at
   * `localBackoffMaxMs`.
   */
  retry<T>(
    st: SeriesState,
    what: string,
    signal: AbortSignal,
    fn: () => Promise<T>,
    local = false,
  ): Promise<T> {
    const backoff = this.options.backoff ?? {};
    return retryForever(fn, {
      what,
      peer: this.options.source.name,
      logger: this.logger,
      signal,
      backoff: local
        ? {
          ...backoff,
          maxMs: Math.min(backoff.maxMs ?? Infinity, this.options.localBackoffMaxMs ?? 5_000),
        }
        : backoff,
      onFailure: (c) => {
        st.stats.errors++;
        st.stats.lastError = `${c.name}: ${c.message}`;
      },
    });
  }

  async #disable(st: SeriesState, reason: string): Promise<void> {
    const { source } = this.options;
    st.stats.disabled = true;
    st.stats.mode = "disabled";
    st.stats.disabledReason = reason;
    let near: string[] = [];
    try {
      near = suggestSymbols(st.series.symbol, await source.symbols());
    } catch (err) {
      this.logger.debug("no symbol suggestions for {key}: {err}", {
        key: st.key,
        err: String(err),
      });
    }
    const alert = symbolDisabledAlert(st.series, source.name, reason, near);
    this.logger.error("{summary}", { summary: alert.summary });
    this.options.onAlert?.(alert);
  }
}
