/**
 * The alert manager as the alerter runs it, storage included: 10,000 alert
 * updates (1,000 alerts, each re-sent ten times with a changed annotation, so
 * every update is a store write) through `AlertManager.receive` on embedded
 * SQLite, then one tick that flushes every group into the outbox. Compare
 * with `alert_routing_bench.ts`, the same routing without storage.
 *
 * @module
 */
import { getLogger } from "@logtape/logtape";
import { join } from "node:path";
import { AlertManager } from "../alerting/alert_manager.ts";
import { alertingConfigSchema } from "../alerting/config.ts";
import type { Alert } from "../alerting/model.ts";
import { openSqliteStore } from "../store/mod.ts";

const dir = await Deno.makeTempDir({ prefix: "ct-alert-manager-bench-" });
const store = await openSqliteStore({ dataDir: join(dir, "db") });
await store.migrate();
const config = alertingConfigSchema.parse({
  webhookUrl: "http://127.0.0.1:9/unused",
  route: {
    groupBy: ["alertname", "symbol"],
    routes: [
      { matchers: ['severity="critical"'], groupWaitMs: 10_000 },
      { matchers: ['alertname=~"Price.*|Volume.*"'], continue: true },
    ],
  },
});
const log = getLogger(["ct", "bench"]);
const names = ["StaleData", "PriceMove", "VolumeSpike", "ActorDown", "BusBacklog"];
const severities = ["info", "warning", "critical"];
let round = 0;

function alerts(n: number, start: number): Alert[] {
  round++;
  return Array.from({ length: n }, (_, i) => ({
    labels: {
      alertname: names[i % names.length]!,
      severity: severities[i % 3]!,
      symbol: `S${i}/USDT`,
      exchange: "binance",
    },
    annotations: { summary: `update ${round}` },
    state: "firing",
    startsAt: start,
  }));
}

Deno.bench({
  name: "alert manager: 10,000 stored updates of 1,000 alerts + one flush (SQLite)",
  group: "manager",
  n: 10,
  async fn(b) {
    const start = Date.UTC(2026, 0, 1) + round * 1_000_000;
    const manager = await AlertManager.open({ store: store.alerts, config, log }, start);
    b.start();
    let now = start;
    for (let update = 0; update < 10; update++) {
      for (const alert of alerts(1_000, start)) await manager.receive(alert, ++now);
    }
    await manager.tick(now + 3_600_000);
    b.end();
  },
});

globalThis.addEventListener("unload", () => {
  store.close().then(() => Deno.removeSync(dir, { recursive: true }));
});
