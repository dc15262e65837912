import { getLogger } from "@logtape/logtape";
import { join } from "node:path";
import { fingerprint } from "../alerting/model.ts";
import { runRetention } from "../jobs/mod.ts";
import { openSqliteStore } from "../store/mod.ts";
import { assertEquals } from "./assert.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);
const log = getLogger(["ct", "test", "retention"]);

Deno.test("retention deletes old alerting rows and old candles, and keeps what is live or recent", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ct-retention-" });
  const store = await openSqliteStore({ dataDir: join(dir, "db") });
  try {
    await store.migrate();
    const candle = (openTime: number) => ({
      exchange: "binance",
      symbol: "BTC/USDT",
      timeframe: "1d",
      openTime,
      open: 1,
      high: 2,
      low: 1,
      close: 2,
      volume: 3,
    });
    await store.upsertCandles([candle(NOW - 400 * DAY), candle(NOW - 10 * DAY)]);
    const alert = (name: string, state: "firing" | "resolved", at: number) => {
      const labels = { alertname: name, severity: "warning" };
      return {
        labels,
        annotations: {},
        state,
        startsAt: at,
        endsAt: state === "resolved" ? at + 1_000 : undefined,
        fingerprint: fingerprint(labels),
        updatedAt: at + 1_000,
      };
    };
    await store.alerts.upsert([
      alert("OldResolved", "resolved", NOW - 40 * DAY),
      alert("OldFiring", "firing", NOW - 40 * DAY),
      alert("RecentResolved", "resolved", NOW - DAY),
    ]);

    const result = await runRetention(store, { alertsDays: 30, candlesDays: 365 }, NOW, log);
    assertEquals(result.candles, 1);
    assertEquals(result.alerts.alerts, 1);
    const left = (await store.alerts.list()).map((a) => a.labels.alertname).sort();
    assertEquals(left, ["OldFiring", "RecentResolved"]);
    assertEquals(
      (await store.candles({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1d" })).length,
      1,
    );

    const keepCandles = await runRetention(store, { alertsDays: 30 }, NOW + 1_000 * DAY, log);
    assertEquals(keepCandles.candles, null, "without candlesDays candles are kept");
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
