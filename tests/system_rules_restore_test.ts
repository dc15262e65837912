/** The main thread's rules take back their live alerts from the store after a restart. */
import { join } from "node:path";
import { fingerprint } from "../alerting/model.ts";
import { ruleSettingsSchema } from "../alerting/rules/config.ts";
import { quietReadings } from "../alerting/rules/_test_support.ts";
import { SystemRules } from "../api/metrics/system_rules.ts";
import { openSqliteStore } from "../store/mod.ts";
import { assertEquals } from "./assert.ts";

const T0 = 1_700_000_000_000;

const readings = quietReadings({ storageOk: false });

Deno.test("a restarted process keeps the `for` of its pending alert and leaves other instances' alone", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ct-rules-restore-" });
  const store = await openSqliteStore({ dataDir: join(dir, "db") });
  try {
    await store.migrate();
    const pending = (instance: string) => {
      const labels = { alertname: "StorageUnreachable", severity: "critical", instance };
      return {
        labels,
        annotations: {},
        state: "pending" as const,
        startsAt: T0,
        fingerprint: fingerprint(labels),
        updatedAt: T0,
      };
    };
    await store.alerts.upsert([pending("engine-1/all"), pending("collector-1/collector")]);
    const rules = () =>
      new SystemRules({
        settings: ruleSettingsSchema.parse({ storage: { forMs: 60_000 } }),
        heartbeatTimeoutMs: 10_000,
        read: () => Promise.resolve(readings),
        instance: "engine-1/all",
      });

    const restarted = rules();
    assertEquals(await restarted.restore(store.alerts, T0 + 50_000), 1);
    const [fired] = await restarted.evaluate(T0 + 61_000);
    assertEquals([fired?.state, fired?.startsAt, fired?.labels.instance], [
      "firing",
      T0 + 61_000,
      "engine-1/all",
    ]);

    const fresh = rules(); // without restore the condition starts its `for` again
    assertEquals((await fresh.evaluate(T0 + 61_000)).map((a) => a.state), ["pending"]);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
