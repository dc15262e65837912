import { assertEquals } from "../../tests/assert.ts";
import { ruleSettingsSchema } from "./config.ts";
import { systemEvaluator } from "./evaluators.ts";
import type { SystemSnapshot } from "./system_snapshot.ts";
import { healthy } from "./_test_support.ts";
import { systemRules } from "./system_rules.ts";

const MIN = 60_000;
const settings = ruleSettingsSchema.parse({});

function values(name: string, snapshot: SystemSnapshot): number[] {
  const rule = systemRules(settings).find((r) => r.name === name)!;
  return rule.evaluate(snapshot, 0).map((i) => i.value);
}

Deno.test("HighCpuUsage holds above 90 % and not at it", () => {
  assertEquals(values("HighCpuUsage", healthy({ cpuPercent: 90 })), []);
  assertEquals(values("HighCpuUsage", healthy({ cpuPercent: 90.01 })), [90.01]);
  assertEquals(values("HighCpuUsage", healthy({ cpuPercent: null })), []);
});

Deno.test("HighMemoryUsage holds above 90 % and not at it", () => {
  assertEquals(values("HighMemoryUsage", healthy({ memoryPercent: 90 })), []);
  assertEquals(values("HighMemoryUsage", healthy({ memoryPercent: 90.5 })), [90.5]);
});

Deno.test("LowDiskSpace holds below 10 % free and not at it", () => {
  assertEquals(values("LowDiskSpace", healthy({ diskFreePercent: 10 })), []);
  assertEquals(values("LowDiskSpace", healthy({ diskFreePercent: 9.9 })), [9.9]);
  assertEquals(values("LowDiskSpace", healthy({ diskFreePercent: null })), []);
});

Deno.test("EventLoopLag holds above 500 ms and not at it", () => {
  assertEquals(values("EventLoopLag", healthy({ eventLoopLagMs: 500 })), []);
  assertEquals(values("EventLoopLag", healthy({ eventLoopLagMs: 501 })), [501]);
});

Deno.test("high CPU fires only after five minutes and resolves when it drops", () => {
  const ev = systemEvaluator(settings);
  const busy = healthy({ cpuPercent: 97 });
  const seen = [];
  for (let t = 0; t <= 5 * MIN; t += 15_000) {
    for (const a of ev.evaluate(busy, t)) seen.push([a.labels.alertname, a.state, t]);
  }
  assertEquals(seen, [["HighCpuUsage", "pending", 0], ["HighCpuUsage", "firing", 5 * MIN]]);
  const [resolved] = ev.evaluate(healthy(), 5 * MIN + 15_000);
  assertEquals([resolved!.state, resolved!.annotations.summary], [
    "resolved",
    "Host CPU busy 97% (above 90% for 5m)",
  ]);
});

Deno.test("a healthy system raises nothing", () => {
  assertEquals(systemEvaluator(settings).evaluate(healthy(), 0), []);
});
