/**
 * Leak detection end to end: a main thread whose heap grows steadily makes
 * the `HeapGrowth` rule, evaluated by the main thread's rule loop over the
 * monitor's heap trends, publish an alert on the real bus.
 */
import { getLogger } from "@logtape/logtape";
import { createObservability } from "../api/metrics/mod.ts";
import { ruleSettingsSchema } from "../alerting/rules/config.ts";
import { validateConfig } from "../config/mod.ts";
import { type Alert, createMessage } from "../messages/mod.ts";
import { RuleLoop } from "../system/system_rules.ts";
import { assert, assertEquals } from "./assert.ts";
import { startHarness, waitFor } from "./supervisor_harness.ts";

Deno.test("a steadily growing heap raises HeapGrowth on the bus, naming the thread", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "ct-heap-" });
  const h = await startHarness([]);
  const alerts: Alert[] = [];
  await h.bus.declare("test-alerts", ["alert"]);
  const sub = await h.bus.subscribe({
    group: "test-alerts",
    topics: ["alert"],
    handler: (m) => {
      if (m.type === "alert" && m.payload.labels.alertname === "HeapGrowth") alerts.push(m.payload);
    },
  });
  const obs = createObservability({
    system: { supervisor: h.supervisor, bus: h.bus },
    // The rules' storage check opens the store there.
    config: validateConfig({ actors: ["analyzer"], dataDir, instance: "heap-test" }),
    // A 2-second window sampled every 40 ms; 2 MB/s retained is far above 200 KB/s.
    heap: {
      sampleMs: 40,
      trend: { windowMs: 2_000, slices: 8, minSlopeBytesPerSecond: 200_000, minR2: 0.8 },
    },
    rules: ruleSettingsSchema.parse({ evaluationIntervalMs: 100 }),
  });
  const loop = new RuleLoop({
    evaluate: (now) => obs.rules.evaluate(now),
    publish: (alert, now) =>
      h.bus.publish(createMessage("alert", alert, { source: "rules", key: "alert:test", now })),
    intervalMs: 100,
    logger: getLogger(["ct", "test", "rules"]),
  });
  loop.start();
  const retained: Float64Array[] = [];
  const leak = setInterval(() => retained.push(new Float64Array(20_000).fill(1)), 80); // 160 KB
  try {
    await waitFor(() => alerts.length > 0, 10_000, "a HeapGrowth alert");
    const [alert] = alerts;
    assertEquals(alert!.labels, {
      alertname: "HeapGrowth",
      severity: "warning",
      actor: "main",
      instance: "heap-test",
    });
    assertEquals(alert!.state, "firing");
    assert(alert!.annotations.summary?.startsWith("main heap grows"), alert!.annotations.summary);
    assert(retained.length > 10);
  } finally {
    clearInterval(leak);
    await loop.stop();
    await obs.close();
    await sub.close();
    await h.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
