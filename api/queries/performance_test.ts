import type { Trade } from "../../paper/mod.ts";
import { assertEquals } from "../../tests/assert.ts";
import { dailyPnl, summarizeTrades } from "./performance.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function trade(id: string, exitTime: number, pnl: number, fees = 1): Trade {
  return {
    id,
    account: "default",
    strategy: "s",
    exchange: "binance",
    symbol: "BTC/USDT",
    timeframe: "1m",
    qty: 1,
    entryPrice: 100,
    exitPrice: 100 + pnl + fees,
    entryTime: exitTime - 60_000,
    exitTime,
    pnl,
    pnlPct: pnl / 100,
    fees,
    exitReason: "signal",
  };
}

Deno.test("a trade summary counts wins, losses and the profit factor", () => {
  const s = summarizeTrades([
    trade("a", T0, 30),
    trade("b", T0 + 1, -10),
    trade("c", T0 + 2, 0),
    trade("d", T0 + 3, 10),
  ]);
  assertEquals(s, {
    tradeCount: 4,
    wins: 2,
    losses: 2,
    winRate: 0.5,
    realizedPnl: 30,
    fees: 4,
    grossProfit: 40,
    grossLoss: -10,
    profitFactor: 4,
    averagePnl: 7.5,
    bestPnl: 30,
    worstPnl: -10,
  });
});

Deno.test("a summary of no trades has null ratios rather than NaN", () => {
  const s = summarizeTrades([]);
  assertEquals([s.winRate, s.profitFactor, s.averagePnl, s.bestPnl, s.worstPnl], [
    null,
    null,
    null,
    null,
    null,
  ]);
  assertEquals(summarizeTrades([trade("a", T0, 5)]).profitFactor, null);
});

Deno.test("daily PnL groups trades by the UTC day of their exit, oldest first", () => {
  const days = dailyPnl([
    trade("late", T0 + DAY + 5, -2, 0.5),
    trade("first", T0 + 10, 4, 0.5),
    trade("edge", T0 + DAY - 1, 1, 0.5),
    trade("next", T0 + DAY, 3, 0.5),
  ]);
  assertEquals(days, [
    { day: "2024-01-01", tradeCount: 2, wins: 2, realizedPnl: 5, fees: 1 },
    { day: "2024-01-02", tradeCount: 2, wins: 1, realizedPnl: 1, fees: 1 },
  ]);
});
