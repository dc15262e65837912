/**
 * The daily PnL summary of paper trading as an info alert: trades closed in
 * the period, realised PnL, win rate.
 *
 * @module
 */
import type { Trade } from "../../paper/types.ts";
import type { Alert } from "../model.ts";
import type { RuleInstance } from "./types.ts";

/** Options of {@linkcode dailySummaryInstance}. */
export interface DailySummaryOptions {
  /** Only this account's trades; adds an `account` label. Default: every trade given. */
  account?: string;
}

function signed(n: number): string {
  return `${n >= 0 ? "+" : ""}${n.toFixed(2)}`;
}

/**
 * The summary of trades that exited in `[dayStart, dayEnd)` as a rule
 * instance for the `DailyPnlSummary` rule (pass it in `dailySummaries` of
 * the evaluation at the cron time). Labelled with the UTC day of
 * `dayStart`, so each day is its own alert.
 *
 * @example
 * ```ts
 * const i = dailySummaryInstance([], Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2));
 * i.annotations?.summary; // "2026-01-01: no trades closed"
 * ```
 */
export function dailySummaryInstance(
  trades: readonly Trade[],
  dayStart: number,
  dayEnd: number,
  options: DailySummaryOptions = {},
): RuleInstance {
  let n = 0, wins = 0, pnl = 0, fees = 0, best = -Infinity, worst = Infinity;
  for (const t of trades) {
    if (t.exitTime < dayStart || t.exitTime >= dayEnd) continue;
    if (options.account !== undefined && t.account !== options.account) continue;
    n++;
    if (t.pnl > 0) wins++;
    pnl += t.pnl;
    fees += t.fees;
    best = Math.max(best, t.pnl);
    worst = Math.min(worst, t.pnl);
  }
  const day = new Date(dayStart).toISOString().slice(0, 10);
  const who = options.account === undefined ? "" : ` (${options.account})`;
  const summary = n === 0
    ? `${day}${who}: no trades closed`
    : `${day}${who}: ${n} trade${n === 1 ? "" : "s"}, PnL ${signed(pnl)}, win rate ${
      Math.round(100 * wins / n)
    }%`;
  const description = n === 0
    ? "No paper trade exited in the period."
    : `${wins} won, ${n - wins} lost; fees ${fees.toFixed(2)}; best ${signed(best)}, worst ${
      signed(worst)
    }`;
  return {
    labels: options.account === undefined ? { day } : { day, account: options.account },
    value: pnl,
    annotations: { summary, description },
  };
}

/**
 * The same summary as a ready alert (`DailyPnlSummary`, info, firing since
 * `dayEnd`), for publishing without the evaluator.
 *
 * @example
 * ```ts
 * const alert = dailySummaryAlert([], Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2));
 * alert.labels; // { alertname: "DailyPnlSummary", severity: "info", day: "2026-01-01" }
 * ```
 */
export function dailySummaryAlert(
  trades: readonly Trade[],
  dayStart: number,
  dayEnd: number,
  options: DailySummaryOptions = {},
): Alert {
  const i = dailySummaryInstance(trades, dayStart, dayEnd, options);
  return {
    labels: { alertname: "DailyPnlSummary", severity: "info", ...i.labels },
    annotations: { ...i.annotations },
    state: "firing",
    startsAt: dayEnd,
  };
}
