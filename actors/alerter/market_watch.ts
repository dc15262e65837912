/**
 * The business rules as the alerter runs them: candles and signals feed the
 * rule inputs as they arrive; every evaluation interval the paper account's
 * equity is read from the store and the market rules are evaluated. The same
 * rules are pure functions in `alerting/rules/`; this class only gathers
 * their inputs.
 *
 * @module
 */
import type { Alert } from "../../alerting/model.ts";
import {
  dailySummaryInstance,
  EquityPeaks,
  marketEvaluator,
  type MarketInputs,
  nextDailySummaryAt,
  type RuleEvaluator,
  type RuleSettings,
  SeriesWatch,
  summaryPeriod,
} from "../../alerting/rules/mod.ts";
import { timeframeMs } from "../../market/timeframe.ts";
import type { Candle, Series, Signal } from "../../messages/mod.ts";
import type { Store } from "../../store/mod.ts";

/** Options of {@linkcode MarketWatch}. */
export interface MarketWatchOptions {
  settings: RuleSettings;
  /** The paper account whose drawdown and daily PnL are watched. */
  account: string;
  /** Watchlist series: one that never delivers a candle still goes stale. */
  watchlist: readonly Series[];
  store: Pick<Store, "wallet" | "positions" | "trades">;
  now: number;
  /** The API's public URL: alerts link back to their rule's alerts when set. */
  publicUrl?: string;
}

/**
 * Gathers market-rule inputs and evaluates them.
 *
 * @example
 * ```ts ignore
 * const watch = new MarketWatch({ settings, account: "default", watchlist, store, now });
 * watch.observeCandle(candle, now);
 * for (const alert of await watch.evaluate(now)) await manager.receive(alert, now);
 * ```
 */
export class MarketWatch {
  readonly evaluator: RuleEvaluator<MarketInputs>;
  readonly series: SeriesWatch;
  readonly #o: MarketWatchOptions;
  readonly #peaks = new EquityPeaks();
  readonly #lastClose = new Map<string, number>();
  #signals: Signal[] = [];
  #nextSummaryAt: number;

  constructor(options: MarketWatchOptions) {
    this.#o = options;
    const base = options.publicUrl?.replace(/\/+$/, "");
    this.evaluator = marketEvaluator(options.settings, {
      generatorUrl: base ? (name) => `${base}/api/v1/alerts?label=alertname%3D${name}` : undefined,
    });
    this.series = new SeriesWatch();
    for (const s of options.watchlist) this.series.expect(s, options.now);
    this.#nextSummaryAt = nextDailySummaryAt(options.settings.dailySummary.cron, options.now);
  }

  /** A closed candle arrived. */
  observeCandle(candle: Candle, now: number): void {
    this.series.observeCandle(candle, now);
    this.#lastClose.set(`${candle.exchange}\u0000${candle.symbol}`, candle.close);
  }

  /**
   * A signal arrived; it becomes an alert at the next evaluation, unless its
   * candle closed more than one interval ago: signals replayed over backfilled
   * history are stored and traded, but nobody needs paging about them.
   */
  observeSignal(signal: Signal, now: number): boolean {
    const interval = timeframeMs(signal.timeframe);
    if (signal.openTime + 2 * interval < now) return false;
    this.#signals.push(signal);
    return true;
  }

  /** Re-seeds rule state from stored pending/firing alerts after a restart. */
  restore(alerts: Iterable<Alert>, now: number): void {
    this.evaluator.restore(alerts, now);
  }

  /** One evaluation: the alert changes and the re-sends that are due. */
  async evaluate(now: number): Promise<Alert[]> {
    const inputs: MarketInputs = {
      series: this.series,
      signals: this.#signals,
      equity: [this.#peaks.observe(this.#o.account, await this.#equity())],
      dailySummaries: await this.#dueSummaries(now),
    };
    this.#signals = [];
    const changes = this.evaluator.evaluate(inputs, now);
    const resends = this.evaluator.resendDue(now, this.#o.settings.resendIntervalMs);
    return [...changes, ...resends];
  }

  /** Cash plus open positions marked at the newest close seen (entry price before one arrives). */
  async #equity(): Promise<number> {
    const { account, store } = this.#o;
    const wallet = await store.wallet(account);
    let equity = wallet?.cash ?? 0;
    for (const p of await store.positions(account)) {
      equity += p.qty * (this.#lastClose.get(`${p.exchange}\u0000${p.symbol}`) ?? p.entryPrice);
    }
    return equity;
  }

  async #dueSummaries(now: number): Promise<MarketInputs["dailySummaries"]> {
    if (now < this.#nextSummaryAt) return [];
    const { cron } = this.#o.settings.dailySummary;
    const { start, end } = summaryPeriod(cron, this.#nextSummaryAt);
    this.#nextSummaryAt = nextDailySummaryAt(cron, now);
    const trades = await this.#o.store.trades({ account: this.#o.account, since: start });
    return [dailySummaryInstance(trades, start, end, { account: this.#o.account })];
  }
}
