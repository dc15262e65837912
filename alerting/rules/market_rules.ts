/**
 * Business rules, evaluated in the alerter actor: stale data, price move,
 * volume spike (one pass over every series), signals, paper drawdown, and
 * the daily PnL summary.
 *
 * Signals and the daily summary are events, not conditions. Each becomes an
 * alert that fires at once (its own label set: one notification per signal)
 * and keeps firing for the rule's `holdMs` (`keepFiringForMs`) before it
 * resolves: firing for a single cycle would resolve inside the alert
 * manager's `group_wait`, and such an alert is never sent.
 *
 * @module
 */
import type { Signal } from "../../messages/payloads.ts";
import type { RuleSettings } from "./config.ts";
import { ruleBase } from "./rule_base.ts";
import type { SeriesWatch } from "./series_watch.ts";
import { formatDuration } from "./template.ts";
import type { Rule, RuleInstance } from "./types.ts";

/** A paper account's equity and the highest it has been. */
export interface EquityReading {
  account: string;
  equity: number;
  peak: number;
}

/**
 * Input of the market rules at one evaluation.
 *
 * @example
 * ```ts
 * import { SeriesWatch } from "./series_watch.ts";
 * const inputs: MarketInputs = { series: new SeriesWatch(), signals: [], equity: [] };
 * ```
 */
export interface MarketInputs {
  /** Every watched series, fed with closed candles as they arrive. */
  series: SeriesWatch;
  /** Signals received since the previous evaluation. */
  signals?: readonly Signal[];
  /** Paper equity per account (see {@linkcode EquityPeaks}). */
  equity?: readonly EquityReading[];
  /** Summaries due at this evaluation (`dailySummaryInstance`, at the cron time). */
  dailySummaries?: readonly RuleInstance[];
}

type Settings = Pick<
  RuleSettings,
  "staleData" | "priceMove" | "volumeSpike" | "signal" | "drawdown" | "dailySummary"
>;

interface Scan {
  stale: RuleInstance[];
  moves: RuleInstance[];
  spikes: RuleInstance[];
}

/**
 * The market rules. The three series rules share one pass over the series
 * per evaluation.
 *
 * @example
 * ```ts
 * import { ruleSettingsSchema } from "./config.ts";
 * marketRules(ruleSettingsSchema.parse({})).map((r) => r.name);
 * // ["StaleData", "PriceMove", "VolumeSpike", "SignalGenerated", "PaperDrawdown", "DailyPnlSummary"]
 * ```
 */
export function marketRules(s: Settings): Rule<MarketInputs>[] {
  const { staleData: stale, priceMove: move, volumeSpike: spike } = s;
  let cached: { watch: SeriesWatch; version: number; now: number; scan: Scan } | undefined;
  const scan = (watch: SeriesWatch, now: number): Scan => {
    if (cached?.watch === watch && cached.version === watch.version && cached.now === now) {
      return cached.scan;
    }
    const out: Scan = { stale: [], moves: [], spikes: [] };
    for (const ring of watch.values()) {
      const missed = ring.intervalsSinceLast(now);
      if (missed >= stale.intervals) {
        out.stale.push({ labels: ring.labels, value: Math.floor(missed) });
        // A stale series' last move is history, not news.
        continue;
      }
      const change = ring.changePercent(move.windowMs);
      if (change !== undefined && Math.abs(change) > move.percent) {
        out.moves.push({
          labels: ring.labels,
          value: change,
          annotations: { direction: change > 0 ? "up" : "down", price: String(ring.lastClose) },
        });
      }
      const ratio = ring.volumeRatio(spike.lookback);
      if (ratio !== undefined && ratio > spike.factor) {
        out.spikes.push({ labels: ring.labels, value: ratio });
      }
    }
    cached = { watch, version: watch.version, now, scan: out };
    return out;
  };

  return [
    {
      ...ruleBase("StaleData", stale, {
        summary:
          `No candle for {{ $labels.symbol }} {{ $labels.timeframe }} on {{ $labels.exchange }} for ${stale.intervals}+ intervals`,
        description: "The collector stopped delivering this series; indicators and signals stall.",
        runbook: "Check the collector's exchange status in GET /ready and its log.",
      }),
      evaluate: (i, now) => scan(i.series, now).stale,
    },
    {
      ...ruleBase("PriceMove", move, {
        summary: `{{ $labels.symbol }} moved {{ $value }}% within ${
          formatDuration(move.windowMs)
        } ({{ $labels.timeframe }} candles, {{ $labels.exchange }})`,
      }),
      evaluate: (i, now) => scan(i.series, now).moves,
    },
    {
      ...ruleBase("VolumeSpike", spike, {
        summary:
          `{{ $labels.symbol }} {{ $labels.timeframe }} volume {{ $value }}x the mean of the last ${spike.lookback} candles`,
      }),
      evaluate: (i, now) => scan(i.series, now).spikes,
    },
    {
      ...ruleBase("SignalGenerated", s.signal, {
        summary:
          "{{ $labels.side }} {{ $labels.symbol }} {{ $labels.timeframe }} ({{ $labels.strategy }})",
      }),
      keepFiringForMs: s.signal.holdMs,
      evaluate: (i) => (i.signals ?? []).map(signalInstance),
    },
    {
      ...ruleBase("PaperDrawdown", s.drawdown, {
        summary:
          `Paper account {{ $labels.account }} is {{ $value }}% below its peak (above ${s.drawdown.percent}%)`,
        runbook: "Review the strategies' recent trades: GET /api/v1/trades and /performance.",
      }),
      evaluate: (i) =>
        (i.equity ?? []).flatMap((e): RuleInstance[] => {
          if (!(e.peak > 0)) return [];
          const dd = 100 * (e.peak - e.equity) / e.peak;
          return dd > s.drawdown.percent ? [{ labels: { account: e.account }, value: dd }] : [];
        }),
    },
    {
      // The summary text comes with each instance (dailySummaryInstance).
      name: "DailyPnlSummary",
      severity: s.dailySummary.severity,
      forMs: s.dailySummary.forMs,
      keepFiringForMs: s.dailySummary.holdMs,
      ...(s.dailySummary.summary ? { summary: s.dailySummary.summary } : {}),
      ...(s.dailySummary.description ? { description: s.dailySummary.description } : {}),
      ...(s.dailySummary.runbook ? { runbook: s.dailySummary.runbook } : {}),
      evaluate: (i) => [...(i.dailySummaries ?? [])],
    },
  ];
}

/** A signal as a rule instance: one label set per signal (its candle included). */
function signalInstance(sig: Signal): RuleInstance {
  return {
    labels: {
      strategy: sig.strategy,
      exchange: sig.exchange,
      symbol: sig.symbol,
      timeframe: sig.timeframe,
      side: sig.side,
      candle: new Date(sig.openTime).toISOString(),
    },
    value: sig.strength,
    annotations: {
      description: `${sig.side} at ${sig.price} (strength ${
        sig.strength.toFixed(2)
      }): ${sig.reason}`,
    },
  };
}

/**
 * Keeps each paper account's peak equity for the drawdown rule (the store
 * keeps no peak). Seed it with the starting balance so a loss from the start
 * counts.
 *
 * @example
 * ```ts
 * const peaks = new EquityPeaks();
 * peaks.observe("default", 10_000);
 * peaks.observe("default", 8_500); // { account: "default", equity: 8500, peak: 10000 }
 * ```
 */
export class EquityPeaks {
  readonly #peaks = new Map<string, number>();

  /** Records `equity` and returns the reading with the peak so far. */
  observe(account: string, equity: number): EquityReading {
    const peak = Math.max(this.#peaks.get(account) ?? equity, equity);
    this.#peaks.set(account, peak);
    return { account, equity, peak };
  }
}
