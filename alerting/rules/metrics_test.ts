import { assertEquals } from "../../tests/assert.ts";
import { RuleEvaluator } from "./evaluator.ts";
import { ruleMetrics } from "./metrics.ts";
import type { Rule } from "./types.ts";

type In = Record<string, number>;

const rule = (name: string, forMs: number, evaluate: Rule<In>["evaluate"]): Rule<In> => ({
  name,
  severity: "warning",
  forMs,
  evaluate,
});

Deno.test("rule metrics give each instance's value and alert counts by rule and state", () => {
  const ev = new RuleEvaluator<In>([
    rule(
      "Lag",
      0,
      (i) => Object.entries(i).map(([topic, value]) => ({ labels: { topic }, value })),
    ),
    rule("Slow", 60_000, (i) => i.slow ? [{ labels: {}, value: i.slow }] : []),
    rule("Quiet", 0, () => []),
  ]);
  ev.evaluate({ candle: 7, slow: 3 }, 0);
  const [values, counts, failures] = ruleMetrics(ev);
  assertEquals(values!.name, "alert_rule_value");
  assertEquals(values!.type, "gauge");
  assertEquals(values!.values, [
    { labels: { alertname: "Lag", severity: "warning", topic: "candle" }, value: 7 },
    { labels: { alertname: "Lag", severity: "warning", topic: "slow" }, value: 3 },
    { labels: { alertname: "Slow", severity: "warning" }, value: 3 },
  ]);
  assertEquals(counts!.name, "alert_rule_alerts");
  assertEquals(
    counts!.values.map((v) => [v.labels.alertname, v.labels.state, v.value]),
    [
      ["Lag", "pending", 0],
      ["Lag", "firing", 2],
      ["Slow", "pending", 1],
      ["Slow", "firing", 0],
      ["Quiet", "pending", 0],
      ["Quiet", "firing", 0],
    ],
  );
  assertEquals(failures!.name, "alert_rule_evaluation_failures_total");
  assertEquals(failures!.values.map((v) => v.value), [0, 0, 0]);
});

Deno.test("a restored alert counts but shows no value until its rule sees it", () => {
  const ev = new RuleEvaluator<In>([rule("Lag", 0, () => [])]);
  ev.restore([{
    labels: { alertname: "Lag", severity: "warning" },
    annotations: {},
    state: "firing",
    startsAt: 0,
  }], 0);
  const [values, counts] = ruleMetrics(ev);
  assertEquals(values!.values, []);
  assertEquals(counts!.values.find((v) => v.labels.state === "firing")!.value, 1);
});
