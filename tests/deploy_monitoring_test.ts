/**
 * Checks of the monitoring configs under infra/ that need no Docker engine:
 * Prometheus's scrape and alerting config and its alert rules (mirrors of the
 * app's own rules, with the app's defaults), Alertmanager's inhibit rules and
 * the Grafana dashboard, each cross-checked against the metric table of
 * infra/README.md and, once the app defines metrics, the app's source.
 *
 * @module
 */
import { RULE_NAMES, ruleSettingsSchema } from "../alerting/rules/config.ts";
import { marketEvaluator, systemEvaluator } from "../alerting/rules/evaluators.ts";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import {
  alertRules,
  dashboardPanels,
  envOf,
  exists,
  knownMetric,
  metricLabels,
  metricNames,
  metricTable,
  obj,
  promPanelExprs,
  rawService,
  read,
  repoPath,
  service,
  strings,
  targetLabels,
  type Tree,
  yaml,
} from "./deploy_files.ts";

Deno.test("every YAML and JSON file under infra parses to a mapping", () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(repoPath(dir))) {
      if (e.isDirectory) walk(`${dir}/${e.name}`);
      else if (/\.(ya?ml|json)$/.test(e.name)) files.push(`${dir}/${e.name}`);
    }
  };
  walk("infra");
  assert(files.length >= 9, `expected the infra config files, found ${files.join(", ")}`);
  for (const f of files) f.endsWith(".json") ? obj(JSON.parse(read(f)), f) : yaml(f);
});

Deno.test("prometheus scrapes and alerts the engine as compose wires it", () => {
  const prom = yaml("infra/prometheus/prometheus.yml");
  for (const f of strings(prom.rule_files)) assert(exists(repoPath(`infra/prometheus/${f}`)), f);
  const ams = obj(prom.alerting, "alerting").alertmanagers as Tree[];
  const target = (am: Tree) => strings(obj((am.static_configs as Tree[])[0], "sc").targets)[0];
  const engine = ams.find((am) => target(am) === "engine:8000")!;
  assertEquals([engine.api_version, engine.path_prefix], ["v2", "/"]);
  const operators = ams.find((am) => target(am) === "alertmanager:9093");
  assert(operators, "a real Alertmanager too");
  const credentials = String(obj(engine.authorization, "authorization").credentials_file);
  const p = service("prometheus");
  assert(strings(p.tmpfs).some((t) => credentials.startsWith(`${t}/`)), "key file on the tmpfs");
  assertStringIncludes(strings(p.entrypoint).join(" "), `> ${credentials}`);
  assertEquals(envOf(rawService("prometheus")).API_KEY, "${API_KEY:-}");
  // Mirrors of the app's own rules stay away from the engine, which raised them already.
  assertEquals(engine.alert_relabel_configs, [
    { source_labels: ["mirror"], regex: "app", action: "drop" },
  ]);
  assertEquals(operators.alert_relabel_configs, undefined, "operators see every alert");
  assertEquals(obj(prom.alerting, "alerting").alert_relabel_configs, undefined);
});

/** A Prometheus duration (`1m`, `30s`, `1h30m`) in ms; an absent `for` is 0. */
function durationMs(d: unknown): number {
  if (d === undefined) return 0;
  const units: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5 };
  const parts = [...String(d).matchAll(/(\d+)(ms|s|m|h|d)/g)];
  assertEquals(parts.map((m) => m[0]).join(""), String(d), `${d} is not a duration`);
  return parts.reduce((sum, m) => sum + Number(m[1]) * units[m[2]!]!, 0);
}

Deno.test("shipped alert rules mirror every app rule with its default for and severity", () => {
  const defaults = ruleSettingsSchema.parse({});
  const appRules = [...systemEvaluator(defaults).rules, ...marketEvaluator(defaults).rules];
  assertEquals(appRules.map((r) => r.name).sort(), [...RULE_NAMES].sort(), "the app's rule set");
  const names = alertRules.map((r) => String(r.alert));
  assertEquals(names.length, new Set(names).size, "one Prometheus rule per alert name");
  for (const app of appRules) {
    const rule = alertRules.find((r) => r.alert === app.name);
    assert(rule, `infra/prometheus/rules.yml has no ${app.name} rule`);
    const labels = obj(rule.labels, `${app.name}.labels`);
    assertEquals(labels.severity, app.severity, `${app.name} severity`);
    assertEquals(labels.mirror, "app", `${app.name} is a mirror`);
    assertEquals(durationMs(rule.for), app.forMs, `${app.name} for`);
    const expr = String(rule.expr);
    if (expr.includes("alert_rule_value")) {
      assertStringIncludes(expr, `alert_rule_value{alertname="${app.name}"}`, app.name);
    }
  }
  // What only Prometheus can see is no mirror: it goes to the engine too.
  for (
    const r of alertRules.filter((r) =>
      !(RULE_NAMES as readonly string[]).includes(String(r.alert))
    )
  ) {
    assertEquals(obj(r.labels, `${r.alert}.labels`).mirror, undefined, `${r.alert}`);
  }
});

Deno.test("raw-metric mirrors use the app's default thresholds", () => {
  const d = ruleSettingsSchema.parse({});
  const minutes = (ms: number) => `${ms / 60_000}m`;
  const byName = new Map(alertRules.map((r) => [String(r.alert), String(r.expr ?? "")]));
  const expected: Record<string, string> = {
    // Summed over `reason`: three restarts split over two reasons are a storm too.
    ActorRestartStorm:
      `sum by (instance, actor) (increase(actor_restarts_total{reason!~"manual|sibling"}[${
        minutes(d.restartStorm.windowMs)
      }])) >= ${d.restartStorm.restarts}`,
    ActorMemoryRecycled: `increase(actor_restarts_total{reason="memory"}[${
      minutes(d.watchdogRecycle.windowMs)
    }])) > 0`,
    // The series' own timeframes, not a fixed number of seconds.
    StaleData: `candle_lag_seconds > ${d.staleData.intervals} * candle_timeframe_seconds`,
    BusBacklog: `bus_backlog > ${d.busBacklog.messages}`,
    EventLoopLag: `event_loop_lag_seconds > ${d.eventLoopLag.thresholdMs / 1000}`,
    DeadLetters: `increase(bus_dead_letters_total[${minutes(d.deadLetters.windowMs)}]) > 0`,
  };
  for (const [alert, fragment] of Object.entries(expected)) {
    assertStringIncludes(byName.get(alert)?.replace(/\s+/g, " ") ?? "", fragment, alert);
  }
});

Deno.test("alert rules name metrics the app exposes, with a severity and a summary", () => {
  for (const r of alertRules) {
    const names = metricNames(String(r.expr ?? ""));
    assert(names.length > 0, `${r.alert}: expression names no metric`);
    for (const m of names) assert(knownMetric(m), `${r.alert}: ${m} is not in infra/README.md`);
    assert(["critical", "warning", "info"].includes(String(obj(r.labels, "labels").severity)));
    assert(String(obj(r.annotations, "annotations").summary ?? "").length > 0, `${r.alert}`);
  }
});

Deno.test("Alertmanager's inhibit rules name alerts and labels the shipped rules raise", () => {
  const am = yaml("infra/alertmanager/alertmanager.yml");
  const alerts = new Set(alertRules.map((r) => String(r.alert)));
  const ruleLabels = new Set(alertRules.flatMap((r) => Object.keys(obj(r.labels, "labels"))));
  const inhibits = am.inhibit_rules as Tree[];
  assert(inhibits.length > 0, "inhibit rules");
  for (const rule of inhibits) {
    for (const m of [...strings(rule.source_matchers), ...strings(rule.target_matchers)]) {
      const [, label, op, value] = /^(\w+)\s*(=~|!~|!=|=)\s*"(.*)"$/.exec(m) ?? [];
      assert(label && op && value !== undefined, `matcher ${m}`);
      if (label === "alertname") {
        const named = op === "=~" ? value.split("|") : [value];
        for (const n of named) assert(alerts.has(n), `${m}: no ${n} rule in rules.yml`);
      } else if (label === "mirror") {
        assert(ruleLabels.has("mirror") && value === "app", m);
      }
    }
  }
});

/** Label names an expression groups by (`by (...)`), `le` aside. */
function groupingLabels(expr: string): string[] {
  return [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)]
    .flatMap((m) => m[1]!.split(",").map((l) => l.trim()))
    .filter((l) => l && l !== "le");
}

Deno.test("rules and panels group only by labels their metrics carry", () => {
  const exprs = [
    ...alertRules.map((r) => ({ where: `rule ${r.alert}`, expr: String(r.expr ?? "") })),
    ...promPanelExprs.map((x) => ({ where: `panel ${x.panel.title}`, expr: x.expr })),
  ];
  assert(exprs.some((x) => groupingLabels(x.expr).length > 0), "some expression groups");
  for (const { where, expr } of exprs) {
    const carried = new Set([
      ...targetLabels,
      ...metricNames(expr).flatMap((m) =>
        metricLabels.get(m) ?? metricLabels.get(m.replace(/_(bucket|sum|count)$/, "")) ?? []
      ),
    ]);
    for (const l of groupingLabels(expr)) {
      assert(carried.has(l), `${where}: groups by ${l}, which ${expr} does not carry`);
    }
  }
  // The restart reasons and the signal sides are labels a panel must not silently split by.
  assertEquals(metricLabels.get("actor_restarts_total"), ["actor", "reason"]);
  assert(metricLabels.get("signals_total")?.includes("side"), "signals_total carries side");
});

Deno.test("bus figures shared over Redis are never summed across processes", () => {
  // Every process reads bus_backlog and bus_dead_letters_total from the same
  // Redis streams: a sum across instances counts each message once per process.
  const shared = ["bus_backlog", "bus_dead_letters_total"];
  const panels = promPanelExprs.filter((x) => metricNames(x.expr).some((m) => shared.includes(m)));
  assertEquals(panels.length, 2, "a backlog and a dead-letter panel");
  for (const { panel, expr } of panels) {
    assert(/^max by \(topic\) \(/.test(expr), `${panel.title}: ${expr} must be max by (topic)`);
  }
});

Deno.test("the dashboard shows the required panels on provisioned data sources", () => {
  const ds = yaml("infra/grafana/provisioning/datasources/datasources.yml");
  const uids = new Set((ds.datasources as Tree[]).map((d) => `${d.type}/${d.uid}`));
  const ids = dashboardPanels.map((p) => p.id);
  assertEquals(new Set(ids).size, ids.length, "panel ids are unique");
  for (const p of dashboardPanels.filter((p) => p.type !== "row")) {
    const d = obj(p.datasource, `${p.title}.datasource`);
    assert(uids.has(`${d.type}/${d.uid}`), `${p.title}: unknown data source`);
    const g = obj(p.gridPos, "gridPos") as Record<string, number>;
    assert(g.x! >= 0 && g.w! > 0 && g.x! + g.w! <= 24, `${p.title} fits the 24-column grid`);
  }
  const used = new Set(promPanelExprs.flatMap((x) => metricNames(x.expr)));
  for (const m of used) assert(knownMetric(m), `dashboard uses ${m}, not in infra/README.md`);
  for (
    const m of [
      "candles_ingested_total",
      "candle_lag_seconds",
      "signals_total",
      "actor_up",
      "actor_restarts_total",
      "bus_backlog",
      "http_requests_total",
      "http_request_duration_seconds_bucket",
      "event_loop_lag_seconds",
      "actor_event_loop_lag_seconds",
      "candle_timeframe_seconds",
    ]
  ) assert(used.has(m), `no panel shows ${m}`);
  const provider =
    (yaml("infra/grafana/provisioning/dashboards/dashboards.yml").providers as Tree[])[0]!;
  const dir = String(obj(provider.options, "options").path);
  assert(strings(service("grafana").volumes).some((v) => v.endsWith(`:${dir}:ro`)), dir);
});

// Metric definitions in the app's source: once there are any, the README
// table must match them.
const sourceFiles: string[] = [];
(function walk(dir: string) {
  for (const e of Deno.readDirSync(repoPath(dir || "."))) {
    const p = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory && !/^(\.|node_modules$|tests$|infra$|bench$|dist$|data$)/.test(e.name)) {
      walk(p);
    } else if (e.isFile && p.endsWith(".ts") && !p.endsWith("_test.ts")) sourceFiles.push(p);
  }
})("");
const appSource = sourceFiles.map(read).join("\n");
const definesMetrics = /new\s+(?:\w+\.)?(Counter|Gauge|Histogram|Summary)\s*\(/.test(appSource);

Deno.test({
  name: "every metric in the README table is defined in the app's source",
  ignore: !definesMetrics,
  fn() {
    for (const m of metricTable.keys()) {
      assert(appSource.includes(`"${m}"`) || appSource.includes(`'${m}'`), `${m} is not defined`);
    }
  },
});
