/**
 * Every rule as metrics, so shipped Prometheus rules can mirror ours: the
 * value of each currently-true instance (what a Prometheus alert expression
 * returns), alert counts by state, and evaluation failures.
 *
 * @module
 */
import { type MetricJson, metricJson } from "../../api/metrics/metric_json.ts";
import type { RuleState } from "./evaluator.ts";

/**
 * The rule metrics of one evaluator, as plain metric families in the shape
 * of prom-client's `getMetricsAsJSON()` (an actor's snapshot merges them as
 * is; the main thread can set gauges from the rows):
 *
 * - `alert_rule_value{alertname,severity,...instance labels}`: each
 *   pending or firing instance's value. A Prometheus rule
 *   `expr: alert_rule_value{alertname="X"}` with the same `for` mirrors X.
 * - `alert_rule_alerts{alertname,severity,state}`: pending and firing alerts per
 *   rule, zero rows included so absence means "not evaluated".
 * - `alert_rule_evaluation_failures_total{alertname}`.
 *
 * @example
 * ```ts
 * import { RuleEvaluator } from "./evaluator.ts";
 * const families = ruleMetrics(new RuleEvaluator([]));
 * families.map((f) => f.name); // ["alert_rule_value", "alert_rule_alerts", "alert_rule_evaluation_failures_total"]
 * ```
 */
export function ruleMetrics(source: { ruleStates(): RuleState[] }): MetricJson[] {
  const values: { labels: Record<string, string>; value: number }[] = [];
  const counts: { labels: Record<string, string>; value: number }[] = [];
  const failures: { labels: Record<string, string>; value: number }[] = [];
  for (const rule of source.ruleStates()) {
    let pending = 0, firing = 0;
    for (const i of rule.instances) {
      if (i.state === "pending") pending++;
      else firing++;
      // A restored alert has no value until its rule sees it again.
      if (Number.isFinite(i.value)) values.push({ labels: { ...i.labels }, value: i.value });
    }
    const base = { alertname: rule.name, severity: rule.severity };
    counts.push({ labels: { ...base, state: "pending" }, value: pending });
    counts.push({ labels: { ...base, state: "firing" }, value: firing });
    failures.push({ labels: { alertname: rule.name }, value: rule.errors });
  }
  return [
    metricJson(
      "gauge",
      "alert_rule_value",
      "Value of each currently-true instance of an alerting rule (pending or firing).",
      values,
    ),
    metricJson(
      "gauge",
      "alert_rule_alerts",
      "Pending and firing alerts per alerting rule.",
      counts,
    ),
    metricJson(
      "counter",
      "alert_rule_evaluation_failures_total",
      "Evaluations of an alerting rule that threw; its alerts were kept as they were.",
      failures,
    ),
  ];
}
