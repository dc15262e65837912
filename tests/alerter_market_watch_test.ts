/**
 * The alerter's market rules over a real store: stale data, live signals
 * (not backfilled ones), paper drawdown and the daily PnL summary.
 */
import { join } from "node:path";
import type { Alert } from "../alerting/model.ts";
import { ruleSettingsSchema } from "../alerting/rules/mod.ts";
import { MarketWatch } from "../actors/alerter/market_watch.ts";
import type { Signal } from "../messages/mod.ts";
import { openSqliteStore, type Store } from "../store/mod.ts";
import { assertEquals } from "./assert.ts";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12);
const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };

async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "ct-market-watch-" });
  const store = await openSqliteStore({ dataDir: join(dir, "db") });
  try {
    await store.migrate();
    await fn(store);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const watchOn = (store: Store, settings = {}) =>
  new MarketWatch({
    settings: ruleSettingsSchema.parse(settings),
    account: "default",
    watchlist: [series],
    store,
    now: T0,
  });

const firing = (alerts: Alert[], name: string) =>
  alerts.filter((a) => a.labels.alertname === name && a.state === "firing");

Deno.test("a watched series that delivers nothing for three intervals fires StaleData", async () => {
  await withStore(async (store) => {
    const watch = watchOn(store);
    assertEquals(firing(await watch.evaluate(T0 + 2 * MIN), "StaleData"), []);
    const [stale] = firing(await watch.evaluate(T0 + 3 * MIN + 1), "StaleData");
    assertEquals(stale?.labels.symbol, "BTC/USDT");
  });
});

Deno.test("a live signal becomes an alert and one replayed over backfilled history does not", async () => {
  await withStore(async (store) => {
    const watch = watchOn(store);
    const signal = (openTime: number): Signal => ({
      ...series,
      strategy: "ema_cross",
      openTime,
      side: "buy",
      strength: 1,
      price: 100,
      reason: "EMA12 crossed above EMA26",
      indicators: {},
    });
    const now = T0 + 10 * MIN;
    assertEquals(watch.observeSignal(signal(T0), now), false, "ten candles old");
    assertEquals(watch.observeSignal(signal(now - MIN), now), true);
    const alerts = firing(await watch.evaluate(now), "SignalGenerated");
    assertEquals(alerts.length, 1);
    assertEquals(alerts[0]!.labels.strategy, "ema_cross");
  });
});

Deno.test("paper equity falling more than the threshold below its peak fires PaperDrawdown", async () => {
  await withStore(async (store) => {
    const watch = watchOn(store, { drawdown: { percent: 10 } });
    const wallet = (cash: number) => ({
      account: "default",
      cash,
      startingBalance: 10_000,
      updatedAt: T0,
    });
    await store.saveWallet(wallet(10_000));
    assertEquals(firing(await watch.evaluate(T0), "PaperDrawdown"), []);
    await store.saveWallet(wallet(9_100));
    assertEquals(
      firing(await watch.evaluate(T0 + MIN), "PaperDrawdown"),
      [],
      "9 % is within bounds",
    );
    await store.saveWallet(wallet(8_900));
    const [drawdown] = firing(await watch.evaluate(T0 + 2 * MIN), "PaperDrawdown");
    assertEquals(drawdown?.labels.account, "default");
  });
});

Deno.test("the daily PnL summary fires once its cron time has passed", async () => {
  await withStore(async (store) => {
    const watch = watchOn(store, { dailySummary: { cron: "0 0 * * *" } });
    assertEquals(firing(await watch.evaluate(T0 + MIN), "DailyPnlSummary"), []);
    const midnight = Date.UTC(2026, 0, 2);
    const [summary] = firing(await watch.evaluate(midnight + MIN), "DailyPnlSummary");
    assertEquals(summary?.annotations.summary, "2026-01-01 (default): no trades closed");
  });
});
