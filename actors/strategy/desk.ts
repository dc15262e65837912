import type { Logger } from "@logtape/logtape";
import { IndicatorSet } from "../../indicators/mod.ts";
import type { Analysis, Candle, Series, Signal } from "../../messages/mod.ts";
import { seriesKey } from "../../messages/mod.ts";
import { timeframeMs } from "../../market/timeframe.ts";
import { fromStored, onCandle, onSignal, type PaperConfig } from "../../paper/mod.ts";
import type { PaperState } from "../../paper/state.ts";
import type { Store, TradingWrite } from "../../store/mod.ts";
import { RestartError } from "../../lib/errors.ts";
import {
  evaluateSignal,
  type ResolvedStrategy,
  startRun,
  type StrategyRun,
  supportsTimeframe,
} from "../../strategies/mod.ts";

/** What the desk needs from storage. */
export type DeskStore = Pick<Store, "applyTrading" | "tradingProgress" | "wallet" | "positions">;

/** Options of {@linkcode TradingDesk}. */
export interface TradingDeskOptions {
  strategies: readonly ResolvedStrategy[];
  /** Per strategy (same order), the symbols it runs on; absent: every symbol. */
  symbols?: readonly (readonly string[] | undefined)[];
  paper: PaperConfig;
  store: DeskStore;
  /** Stored candles of a series older than a time, oldest first, in pages. */
  history: (series: Series, before: number) => AsyncIterable<Candle[]>;
  /** Whether a candle of the series is stored strictly between two open times. */
  hasBetween: (series: Series, after: number, before: number) => Promise<boolean>;
  log: Logger;
}

interface SeriesDesk {
  runs: StrategyRun[];
  last: number;
  /** Open time of the candle expected next. */
  next: number;
}

/**
 * Runs the strategies on each analysis and paper-trades their signals. All
 * state is rebuilt on a (re)start: paper positions and cash from the store,
 * and each series' strategy state lazily, on its first analysis, by replaying
 * its stored candles — so a restarted desk emits what an uninterrupted one
 * would. The store is the truth: when it already had a fill (a crash after
 * storing it), the paper state is reloaded from it.
 *
 * @example
 * ```ts ignore
 * const desk = await TradingDesk.open(options);
 * const fresh = await desk.onAnalysis(analysis); // signals to publish
 * const more = await desk.onAnalyses(batch); // the same, one transaction for the batch
 * ```
 */
export class TradingDesk {
  readonly #o: TradingDeskOptions;
  readonly #series = new Map<string, SeriesDesk>();
  #paper: PaperState;
  signals = 0;
  fills = 0;

  private constructor(options: TradingDeskOptions, paper: PaperState) {
    this.#o = options;
    this.#paper = paper;
  }

  /** Loads the paper account from the store. */
  static async open(options: TradingDeskOptions): Promise<TradingDesk> {
    return new TradingDesk(options, await TradingDesk.#load(options));
  }

  static async #load(o: TradingDeskOptions): Promise<PaperState> {
    const [wallet, positions] = await Promise.all([
      o.store.wallet(o.paper.account),
      o.store.positions(o.paper.account),
    ]);
    return fromStored({ wallet, positions }, o.paper);
  }

  /** The paper account as it stands. */
  get paper(): PaperState {
    return this.#paper;
  }

  /** Handles one analysis; returns the signals stored for the first time (to publish). */
  onAnalysis(a: Analysis): Promise<Signal[]> {
    return this.onAnalyses([a]);
  }

  /**
   * Handles consecutive analyses as {@linkcode onAnalysis} would one by one,
   * with all their writes, and a mark of how far each series got, in one
   * transaction. When the store already had one of their fills (work a
   * crashed run stored and did not acknowledge), nothing of the batch is
   * written: the desk reloads as a restart does, from the stored account and
   * marks, and redoes the batch, skipping what the marks cover.
   */
  async onAnalyses(batch: readonly Analysis[]): Promise<Signal[]> {
    const first = await this.#apply(batch);
    if (first !== null) return first;
    this.#o.log.warn("paper fills were already stored (a redelivery after a crash): reloading");
    this.#paper = await TradingDesk.#load(this.#o);
    this.#series.clear();
    const again = await this.#apply(batch);
    if (again !== null) return again;
    // The marks are written with the fills, so after a reload only another
    // writer on the same account can make this happen.
    throw new RestartError(
      `paper account "${this.#o.paper.account}": fills of analyses past the stored progress ` +
        "marks are already stored; is another strategy process trading this account?",
    );
  }

  /** One transaction for the batch; `null` (and the state as it was) when it repeats stored fills. */
  async #apply(batch: readonly Analysis[]): Promise<Signal[] | null> {
    const before = { paper: this.#paper, series: this.#snapshotSeries() };
    const writes: TradingWrite[] = [];
    const candidates: Signal[] = [];
    const marks = new Map<string, Analysis>();
    let fills = 0;
    for (const a of batch) {
      const key = seriesKey(a);
      const desk = await this.#deskFor(a, key);
      if (a.openTime <= desk.last) continue;
      marks.set(key, a);
      const out = onCandle(this.#paper, a);
      this.#paper = out.state;
      for (const fill of out.fills) writes.push({ fill });
      fills += out.fills.length;
      // Only a trailing stop reads the high-water mark: without one there is
      // nothing a restart would need, so no write per rising candle.
      for (const position of out.updates) {
        if (position.trailingStop !== null) writes.push({ position });
      }
      for (const signal of this.#signalsOf(desk, a)) {
        writes.push({ signal });
        candidates.push(signal);
      }
    }
    if (marks.size === 0) return [];
    const { account } = this.#o.paper;
    for (const a of marks.values()) {
      const series = { exchange: a.exchange, symbol: a.symbol, timeframe: a.timeframe };
      writes.push({ progress: { account, series, openTime: a.openTime } });
    }
    const restore = () => {
      this.#paper = before.paper;
      this.#series.clear();
      for (const [key, desk] of before.series) this.#series.set(key, desk);
    };
    let fresh: boolean[] | null;
    try {
      fresh = await this.#o.store.applyTrading(writes);
    } catch (e) {
      // Nothing was written (one transaction): forget the batch, so the
      // retry the bus makes redoes it instead of skipping it as seen.
      restore();
      throw e;
    }
    if (fresh === null) {
      restore();
      return null;
    }
    this.fills += fills;
    const stored = candidates.filter((_, i) => fresh[i]);
    this.signals += stored.length;
    return stored;
  }

  /** The series' desk, rebuilt from stored candles when it is new here or missed candles. */
  async #deskFor(a: Analysis, key: string): Promise<SeriesDesk> {
    const desk = this.#series.get(key);
    // Candles stored between the last one seen here and this one were
    // handled elsewhere (the partition moved away and back): rebuild.
    if (desk && a.openTime > desk.next && await this.#o.hasBetween(a, desk.last, a.openTime)) {
      return await this.#rebuild(a, key);
    }
    return desk ?? await this.#rebuild(a, key);
  }

  /** Evaluates the strategies on `a`, orders their signals, and moves the desk past `a`. */
  #signalsOf(desk: SeriesDesk, a: Analysis): Signal[] {
    const signals = this.#evaluate(desk, a);
    for (const signal of signals) this.#paper = onSignal(this.#paper, signal);
    desk.last = a.openTime;
    desk.next = a.openTime + timeframeMs(a.timeframe);
    return signals;
  }

  /** A copy of every series' strategy state (runs are values; the arrays are copied). */
  #snapshotSeries(): Map<string, SeriesDesk> {
    const copy = new Map<string, SeriesDesk>();
    for (const [key, d] of this.#series) copy.set(key, { ...d, runs: [...d.runs] });
    return copy;
  }

  #evaluate(desk: SeriesDesk, a: Analysis): Signal[] {
    const signals: Signal[] = [];
    // One copy of the indicators for every strategy's next `previous`: four
    // copies a candle were a replay's largest source of garbage.
    const previous = Object.freeze({ ...a.indicators });
    this.#o.strategies.forEach((resolved, i) => {
      if (!supportsTimeframe(resolved, a.timeframe)) return;
      const only = this.#o.symbols?.[i];
      if (only && !only.includes(a.symbol)) return;
      const { signal, run } = evaluateSignal(resolved, desk.runs[i]!, a, a, previous);
      desk.runs[i] = run;
      if (signal) signals.push(signal);
    });
    return signals;
  }

  /**
   * Replays the stored candles before `a` through fresh indicators and
   * strategies; or, when the store marks analyses from `a` on as applied (a
   * batch stored before a crash), up to that mark, so they are skipped.
   */
  async #rebuild(a: Analysis, key: string): Promise<SeriesDesk> {
    const mark = await this.#o.store.tradingProgress(this.#o.paper.account, a);
    const before = mark !== null && mark >= a.openTime
      ? mark + timeframeMs(a.timeframe)
      : a.openTime;
    const desk: SeriesDesk = {
      runs: this.#o.strategies.map(startRun),
      last: -Infinity,
      next: -Infinity,
    };
    const set = new IndicatorSet();
    let lastSignals: Signal[] = [];
    for await (const page of this.#o.history(a, before)) {
      for (const c of page) {
        const analysis: Analysis = { ...c, indicators: { ...set.update(c) } };
        lastSignals = this.#evaluate(desk, analysis);
        desk.last = c.openTime;
        desk.next = c.openTime + timeframeMs(c.timeframe);
      }
    }
    // Orders the last stored candle's signals scheduled for this candle's open.
    for (const s of lastSignals) this.#paper = onSignal(this.#paper, s);
    this.#series.set(key, desk);
    return desk;
  }
}
