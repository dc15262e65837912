import type { SystemReadings } from "../../alerting/rules/system_snapshot.ts";
import { ruleSettingsSchema } from "../../alerting/rules/config.ts";
import { quietReadings } from "../../alerting/rules/_test_support.ts";
import { assert, assertEquals } from "../../tests/assert.ts";
import { SystemRules } from "./system_rules.ts";

function readings(storageOk: boolean): SystemReadings {
  return quietReadings({ storageOk });
}

Deno.test("system rules publish a change once, then re-send it each resend interval until it resolves", async () => {
  let storageOk = false;
  const rules = new SystemRules({
    settings: ruleSettingsSchema.parse({ resendIntervalMs: 60_000, storage: { forMs: 0 } }),
    heartbeatTimeoutMs: 10_000,
    resolveTimeoutMs: 300_000,
    read: () => Promise.resolve(readings(storageOk)),
  });
  const t0 = 1_700_000_000_000;
  const first = await rules.evaluate(t0);
  assertEquals(first.map((a) => [a.labels.alertname, a.state]), [["StorageUnreachable", "firing"]]);
  assertEquals(first[0]!.labels, { alertname: "StorageUnreachable", severity: "critical" });
  assertEquals(first[0]!.endsAt, t0 + 300_000, "endsAt tells the alert manager when to give up");
  assertEquals(await rules.evaluate(t0 + 15_000), [], "nothing new within the resend interval");
  const resent = await rules.evaluate(t0 + 60_000);
  assertEquals(resent.map((a) => [a.labels.alertname, a.state, a.startsAt]), [
    ["StorageUnreachable", "firing", t0],
  ]);
  assertEquals(resent[0]!.endsAt, t0 + 360_000);
  storageOk = true;
  const resolved = await rules.evaluate(t0 + 75_000);
  assertEquals(resolved.map((a) => [a.labels.alertname, a.state, a.endsAt]), [
    ["StorageUnreachable", "resolved", t0 + 75_000],
  ]);
});

Deno.test("system rules mirror their state as metrics, every rule counted", async () => {
  const rules = new SystemRules({
    settings: ruleSettingsSchema.parse({ storage: { forMs: 60_000 }, disabled: ["SlowQueries"] }),
    heartbeatTimeoutMs: 10_000,
    read: () => Promise.resolve(readings(false)),
  });
  await rules.evaluate(0);
  const families = new Map(rules.metrics().map((f) => [f.name, f]));
  assertEquals(families.get("alert_rule_value")?.values, [
    { labels: { alertname: "StorageUnreachable", severity: "critical" }, value: 1 },
  ]);
  const counts = families.get("alert_rule_alerts")!.values;
  const count = (alertname: string, state: string) =>
    counts.find((v) => v.labels.alertname === alertname && v.labels.state === state)?.value;
  assertEquals(count("StorageUnreachable", "pending"), 1);
  assertEquals(count("StorageUnreachable", "firing"), 0);
  assertEquals(count("HighCpuUsage", "firing"), 0);
  assertEquals(count("SlowQueries", "firing"), undefined, "a disabled rule is not evaluated");
  assert(families.has("alert_rule_evaluation_failures_total"));
});

Deno.test("system rule alerts carry the instance label of the process that measured them", async () => {
  const rules = new SystemRules({
    settings: ruleSettingsSchema.parse({ storage: { forMs: 0 } }),
    heartbeatTimeoutMs: 10_000,
    read: () => Promise.resolve(readings(false)),
    instance: "engine-1/analyzer+strategy",
  });
  const [alert] = await rules.evaluate(1_700_000_000_000);
  assertEquals(alert!.labels, {
    alertname: "StorageUnreachable",
    severity: "critical",
    instance: "engine-1/analyzer+strategy",
  });
});
