/**
 * Profit-and-loss summaries of closed paper trades.
 *
 * @module
 */
import type { Trade } from "../../paper/mod.ts";

/**
 * Realised results of a set of trades.
 *
 * @example
 * ```ts
 * const s: TradeSummary = summarizeTrades([]); // tradeCount 0, winRate null
 * ```
 */
export interface TradeSummary {
  tradeCount: number;
  /** Trades with `pnl > 0`. */
  wins: number;
  /** Trades with `pnl <= 0` (a break-even trade still paid fees). */
  losses: number;
  /** `wins / tradeCount`; `null` without trades. */
  winRate: number | null;
  /** Sum of `pnl`, net of fees, quote currency. */
  realizedPnl: number;
  fees: number;
  /** Sum of winning `pnl`. */
  grossProfit: number;
  /** Sum of losing `pnl` (zero or negative). */
  grossLoss: number;
  /** `grossProfit / -grossLoss`; `null` when nothing was lost. */
  profitFactor: number | null;
  /** `realizedPnl / tradeCount`; `null` without trades. */
  averagePnl: number | null;
  bestPnl: number | null;
  worstPnl: number | null;
}

/**
 * One UTC day's realised results, keyed by the trades' exit day.
 *
 * @example
 * ```ts
 * const d: DailyPnl = { day: "2024-01-31", tradeCount: 2, wins: 1, realizedPnl: 3.5, fees: 0.4 };
 * ```
 */
export interface DailyPnl {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  tradeCount: number;
  wins: number;
  realizedPnl: number;
  fees: number;
}

/**
 * Totals over `trades` (any order).
 *
 * @example
 * ```ts
 * declare const trades: Trade[];
 * const { winRate, realizedPnl } = summarizeTrades(trades);
 * ```
 */
export function summarizeTrades(trades: readonly Trade[]): TradeSummary {
  let wins = 0, realizedPnl = 0, fees = 0, grossProfit = 0, grossLoss = 0;
  let best = -Infinity, worst = Infinity;
  for (const t of trades) {
    realizedPnl += t.pnl;
    fees += t.fees;
    if (t.pnl > 0) {
      wins++;
      grossProfit += t.pnl;
    } else {
      grossLoss += t.pnl;
    }
    best = Math.max(best, t.pnl);
    worst = Math.min(worst, t.pnl);
  }
  const n = trades.length;
  return {
    tradeCount: n,
    wins,
    losses: n - wins,
    winRate: n === 0 ? null : wins / n,
    realizedPnl,
    fees,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss === 0 ? null : grossProfit / -grossLoss,
    averagePnl: n === 0 ? null : realizedPnl / n,
    bestPnl: n === 0 ? null : best,
    worstPnl: n === 0 ? null : worst,
  };
}

/**
 * Realised results per UTC day of exit, oldest day first; days without
 * trades are left out.
 *
 * @example
 * ```ts
 * declare const trades: Trade[];
 * for (const d of dailyPnl(trades)) console.log(d.day, d.realizedPnl);
 * ```
 */
export function dailyPnl(trades: readonly Trade[]): DailyPnl[] {
  const days = new Map<string, DailyPnl>();
  for (const t of trades) {
    const day = new Date(t.exitTime).toISOString().slice(0, 10);
    let d = days.get(day);
    if (!d) days.set(day, d = { day, tradeCount: 0, wins: 0, realizedPnl: 0, fees: 0 });
    d.tradeCount++;
    if (t.pnl > 0) d.wins++;
    d.realizedPnl += t.pnl;
    d.fees += t.fees;
  }
  return [...days.values()].sort((a, b) => a.day < b.day ? -1 : a.day > b.day ? 1 : 0);
}
