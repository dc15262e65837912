/**
 * The alert manager when PostgreSQL goes away at the moment a group flushes:
 * a real broken connection (a TCP proxy between the store and the real
 * server is cut), then the database comes back.
 */
import { getLogger } from "@logtape/logtape";
import { AlertManager } from "../alerting/alert_manager.ts";
import { alertingConfigSchema } from "../alerting/config.ts";
import type { Alert } from "../alerting/model.ts";
import { openPostgresStore, type PostgresStore } from "../store/mod.ts";
import { assertEquals, assertRejects } from "./assert.ts";
import { TcpProxy } from "./fakes/tcp_proxy.ts";
import { withDatabase } from "./fixtures/postgres_db.ts";
import { holdWhileTransient } from "../bus/hold.ts";

const T0 = Date.UTC(2026, 0, 1);
const log = getLogger(["ct", "test", "alerting"]);

/** A migrated per-run database, reached through a proxy the test can cut. */
async function withProxiedStore(
  fn: (store: PostgresStore, proxy: TcpProxy) => Promise<void>,
): Promise<void> {
  await withDatabase(async (url) => {
    const direct = await openPostgresStore({ databaseUrl: url });
    await direct.migrate();
    await direct.close();
    const proxy = TcpProxy.start({ hostname: "127.0.0.1", port: Number(new URL(url).port) });
    const target = new URL(url);
    target.port = String(proxy.port);
    const store = await openPostgresStore({
      databaseUrl: target.href,
      poolSize: 1,
      connectTimeoutSeconds: 2,
    });
    try {
      await fn(store, proxy);
    } finally {
      await store.close();
      await proxy.close();
    }
  });
}

Deno.test("a resolution whose flush hit a database outage is still notified once the database is back", async () => {
  await withProxiedStore(async (store, proxy) => {
    const config = alertingConfigSchema.parse({
      webhookUrl: "http://127.0.0.1:9/unused",
      route: { groupWaitMs: 30_000, groupIntervalMs: 300_000 },
    });
    const manager = await AlertManager.open({ store: store.alerts, config, log }, T0);
    const alert: Alert = {
      labels: { alertname: "RedisUnreachable", severity: "critical" },
      annotations: {},
      state: "firing",
      startsAt: T0,
    };
    await manager.receive(alert, T0);
    await manager.tick(T0 + 30_000);
    await manager.receive({ ...alert, state: "resolved", endsAt: T0 + 40_000 }, T0 + 40_000);

    await proxy.down();
    await assertRejects(() => manager.tick(T0 + 330_000), "cannot use database");
    proxy.up();
    await manager.tick(T0 + 630_000);

    const sent = (await store.alerts.outbox()).map((row) => row.data.status);
    assertEquals(sent.sort(), ["firing", "resolved"]);
  });
});

Deno.test("an alert that arrives while the database is down is held and stored once it is back", async () => {
  await withProxiedStore(async (store, proxy) => {
    const config = alertingConfigSchema.parse({});
    const manager = await AlertManager.open({ store: store.alerts, config, log }, T0);
    await proxy.down();
    let attempts = 0;
    const held = holdWhileTransient(() => {
      attempts++;
      return manager.receive({
        labels: { alertname: "StorageUnreachable", severity: "critical" },
        annotations: {},
        state: "firing",
        startsAt: T0,
      }, T0);
    }, { signal: new AbortController().signal, log, minDelayMs: 20, maxDelayMs: 50 });
    while (attempts < 3) await new Promise((r) => setTimeout(r, 10));
    proxy.up();
    const record = await held;
    assertEquals((await store.alerts.get(record.fingerprint))?.state, "firing");
  });
});
