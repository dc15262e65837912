import { assertEquals } from "../../tests/assert.ts";
import type { Trade } from "../../paper/types.ts";
import { dailySummaryAlert, dailySummaryInstance } from "./daily_summary.ts";

const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 1), end = start + DAY;

function trade(exitTime: number, pnl: number, account = "default"): Trade {
  return {
    id: crypto.randomUUID(),
    exchange: "binance",
    symbol: "BTC/USDT",
    timeframe: "1h",
    account,
    strategy: "ema_cross",
    qty: 1,
    entryPrice: 100,
    exitPrice: 100 + pnl,
    entryTime: exitTime - 3_600_000,
    exitTime,
    pnl,
    pnlPct: pnl / 100,
    fees: 0.1,
    exitReason: "signal",
  };
}

Deno.test("the daily summary counts trades exited that day: PnL and win rate", () => {
  const trades = [
    trade(start - 1, 1_000), // the day before
    trade(start, 12.5),
    trade(start + 1_000, -2.25),
    trade(end - 1, 0), // break-even is not a win
    trade(end, 1_000), // the next day
  ];
  const alert = dailySummaryAlert(trades, start, end);
  assertEquals(alert, {
    labels: { alertname: "DailyPnlSummary", severity: "info", day: "2026-01-01" },
    annotations: {
      summary: "2026-01-01: 3 trades, PnL +10.25, win rate 33%",
      description: "1 won, 2 lost; fees 0.30; best +12.50, worst -2.25",
    },
    state: "firing",
    startsAt: end,
  });
  assertEquals(dailySummaryInstance(trades, start, end).value, 10.25);
});

Deno.test("the daily summary of one account labels it and leaves other accounts out", () => {
  const i = dailySummaryInstance([trade(start, -4, "a"), trade(start, 9, "b")], start, end, {
    account: "a",
  });
  assertEquals(i.labels, { day: "2026-01-01", account: "a" });
  assertEquals(i.annotations?.summary, "2026-01-01 (a): 1 trade, PnL -4.00, win rate 0%");
});

Deno.test("a day without trades says so", () => {
  assertEquals(dailySummaryAlert([], start, end).annotations, {
    summary: "2026-01-01: no trades closed",
    description: "No paper trade exited in the period.",
  });
});
