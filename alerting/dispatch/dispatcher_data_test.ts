import { assert, assertEquals } from "../../tests/assert.ts";
import { type AlertRecord, fingerprint, type Labels } from "../model.ts";
import { DEFAULT_INHIBIT_RULES } from "./config.ts";
import { Dispatcher } from "./dispatcher.ts";
import { computeGroups } from "./groups.ts";
import { Inhibitor } from "./inhibit.ts";
import { Route } from "./route.ts";
import { Silencer } from "./silences.ts";

function record(labels: Labels, more: Partial<AlertRecord> = {}): AlertRecord {
  return {
    labels,
    annotations: {},
    state: "firing",
    startsAt: 0,
    fingerprint: fingerprint(labels),
    updatedAt: 0,
    ...more,
  };
}

function dispatcher(route = Route.fromConfig({}), silencer = new Silencer(), max?: number) {
  return new Dispatcher({
    route,
    inhibitor: new Inhibitor(DEFAULT_INHIBIT_RULES),
    silencer,
    externalUrl: "https://ct.example",
    ...(max === undefined ? {} : { maxAlertsPerNotification: max }),
  });
}

Deno.test("a flush carries an Alertmanager-shaped notification with common labels", () => {
  const d = dispatcher(Route.fromConfig({ groupBy: ["alertname"] }));
  const a = record({ alertname: "Lag", severity: "warning", instance: "a" }, {
    annotations: { summary: "lag", runbook: "r1" },
    endsAt: 10 * 3_600_000,
    generatorUrl: "https://ct.example/rules/lag",
  });
  const b = record({ alertname: "Lag", severity: "warning", instance: "b" }, {
    annotations: { summary: "lag", runbook: "r2" },
  });
  d.ingest(b, 0);
  d.ingest(a, 0);
  const [flush, ...rest] = d.flushDue(30_000);
  assertEquals(rest, []);
  assertEquals(flush!.firing, [a.fingerprint, b.fingerprint].sort());
  assertEquals(flush!.routeId, "{}");
  assertEquals(flush!.repeatIntervalMs, 14_400_000);
  assertEquals(flush!.data, {
    receiver: "default",
    status: "firing",
    groupKey: '{}:{alertname="Lag"}',
    groupLabels: { alertname: "Lag" },
    commonLabels: { alertname: "Lag", severity: "warning" },
    commonAnnotations: { summary: "lag" },
    externalUrl: "https://ct.example",
    // Sorted by instance; a firing alert's future endsAt is cleared.
    alerts: [
      {
        fingerprint: a.fingerprint,
        labels: a.labels,
        annotations: a.annotations,
        state: "firing",
        startsAt: 0,
        generatorUrl: "https://ct.example/rules/lag",
      },
      {
        fingerprint: b.fingerprint,
        labels: b.labels,
        annotations: b.annotations,
        state: "firing",
        startsAt: 0,
      },
    ],
    truncatedAlerts: 0,
  });
});

Deno.test("a notification lists at most maxAlertsPerNotification alerts and counts the rest", () => {
  const d = dispatcher(Route.fromConfig({}), new Silencer(), 3);
  for (let i = 0; i < 5; i++) d.ingest(record({ alertname: "X", instance: `i${i}` }), 0);
  const [flush] = d.flushDue(30_000);
  assertEquals(flush!.data.alerts.length, 3);
  assertEquals(flush!.data.truncatedAlerts, 2);
  assertEquals(flush!.firing.length, 5);
});

Deno.test("nextFlushAt tracks the earliest due group and flushDue takes only due groups", () => {
  const d = dispatcher(
    Route.fromConfig({ routes: [{ matchers: ["fast=yes"], groupWaitMs: 1_000 }] }),
  );
  assertEquals(d.nextFlushAt(), null);
  d.ingest(record({ alertname: "Slow" }), 0);
  assertEquals(d.nextFlushAt(), 30_000);
  d.ingest(record({ alertname: "Fast", fast: "yes" }), 5_000);
  assertEquals(d.nextFlushAt(), 6_000);
  assertEquals(d.flushDue(5_999), []);
  assertEquals(d.flushDue(6_000).map((f) => f.groupLabels), [{ alertname: "Fast" }]);
  assertEquals(d.nextFlushAt(), 30_000);
  d.ingest(record({ alertname: "Fast", fast: "yes" }, { state: "resolved", endsAt: 7_000 }), 7_000);
  assertEquals(d.flushDue(306_000).map((f) => f.groupLabels.alertname).sort(), ["Fast", "Slow"]);
  // The Fast group resolved and is gone; Slow flushes a group interval after its flush.
  assertEquals([d.groupCount, d.alertCount, d.nextFlushAt()], [1, 1, 606_000]);
});

Deno.test("10,000 distinct alerts route to the right receivers and groups", () => {
  const route = Route.fromConfig({
    groupBy: ["alertname", "symbol"],
    routes: [
      { matchers: ['severity="critical"'], receiver: "pager", continue: true },
      { matchers: ['exchange=~"binance|kraken"'], receiver: "cex" },
      { matchers: ['alertname=~"Stale.*"'], receiver: "data" },
    ],
  });
  const d = dispatcher(route);
  const expected = new Map<string, number>();
  const count = (receiver: string) => expected.set(receiver, (expected.get(receiver) ?? 0) + 1);
  const exchanges = ["binance", "kraken", "coinbase", "bitstamp"];
  for (let i = 0; i < 10_000; i++) {
    const labels = {
      alertname: i % 3 === 0 ? "StaleData" : "PriceMove",
      severity: i % 7 === 0 ? "critical" : "warning",
      exchange: exchanges[i % 4]!,
      symbol: `S${i}/USDT`,
    };
    d.ingest(record(labels), i);
    const critical = labels.severity === "critical";
    if (critical) count("pager");
    if (labels.exchange === "binance" || labels.exchange === "kraken") count("cex");
    else if (labels.alertname === "StaleData") count("data");
    // The root answers only when no child matched (pager counts, with continue).
    else if (!critical) count("default");
  }
  assertEquals(d.alertCount, 10_000);
  const flushes = d.flushDue(40_000);
  const got = new Map<string, number>();
  for (const f of flushes) {
    // One symbol per group: every group holds exactly one alert.
    assertEquals(f.firing.length, 1);
    got.set(f.receiver, (got.get(f.receiver) ?? 0) + 1);
  }
  assertEquals(got, expected);
  assertEquals(flushes.length, d.groupCount);
});

Deno.test("groups() lists firing alerts with status, the same as computeGroups over them", () => {
  const silencer = new Silencer([{
    id: "s1",
    matchers: [{ name: "instance", type: "=", value: "b" }],
    startsAt: 0,
    endsAt: 1_000_000,
    createdBy: "ops",
    comment: "",
    updatedAt: 0,
  }]);
  const route = Route.fromConfig({
    routes: [{ matchers: ['severity="critical"'], receiver: "pager", continue: true }],
  });
  const d = dispatcher(route, silencer);
  const crit = record({ alertname: "Lag", severity: "critical", instance: "a" });
  const warn = record({ alertname: "Lag", severity: "warning", instance: "a" });
  const silenced = record({ alertname: "Lag", severity: "warning", instance: "b" });
  const gone = record({ alertname: "Gone" }, { state: "resolved", endsAt: 5 });
  for (const a of [crit, warn, silenced, gone]) d.ingest(a, 0);
  d.ingest(record({ alertname: "Later" }, { state: "pending" }), 0);

  const groups = d.groups(10);
  assertEquals(
    groups,
    computeGroups([crit, warn, silenced, gone], route, silencer, d.inhibitor, 10),
  );
  assertEquals(groups.map((g) => [g.receiver.name, g.groupKey, g.alerts.length]), [
    // The critical alert matched the pager route (continue, no later sibling
    // matched), so the root is not its route.
    ["default", '{}:{alertname="Lag"}', 2],
    ["pager", '{}/{severity="critical"}:{alertname="Lag"}', 1],
  ]);
  const byInstance = Object.fromEntries(
    groups.flatMap((g) => g.alerts).map((a) => [`${a.labels.instance}:${a.labels.severity}`, a]),
  );
  assertEquals(byInstance["a:critical"]!.status, {
    state: "active",
    silencedBy: [],
    inhibitedBy: [],
  });
  assertEquals(byInstance["a:critical"]!.receivers, [{ name: "pager" }]);
  assertEquals(byInstance["a:warning"]!.receivers, [{ name: "default" }]);
  assertEquals(byInstance["a:warning"]!.status, {
    state: "suppressed",
    silencedBy: [],
    inhibitedBy: [crit.fingerprint],
  });
  assertEquals(byInstance["b:warning"]!.status, {
    state: "suppressed",
    silencedBy: ["s1"],
    inhibitedBy: [],
  });
});

Deno.test("status is unprocessed for alerts the dispatcher does not hold as firing", () => {
  const d = dispatcher();
  const firing = record({ alertname: "A", severity: "critical", instance: "x" });
  d.ingest(firing, 0);
  d.ingest(record({ alertname: "P" }, { state: "pending" }), 0);
  assertEquals(d.status(firing.labels, 1).state, "active");
  assertEquals(d.status({ alertname: "P" }, 1).state, "unprocessed");
  assertEquals(d.status({ alertname: "Never" }, 1).state, "unprocessed");
  const warning = { alertname: "A", severity: "warning", instance: "x" };
  const status = d.status(warning, 1);
  assertEquals(status.inhibitedBy, [firing.fingerprint]);
  assert(status.state === "unprocessed");
});
