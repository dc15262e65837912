import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import type { Labels } from "../model.ts";
import { ROOT_ROUTE_DEFAULTS } from "./config.ts";
import { groupKey, groupLabels, Route } from "./route.ts";

Deno.test("the root route takes Alertmanager's defaults, grouping by alertname", () => {
  const root = Route.fromConfig({});
  assertEquals(
    {
      receiver: root.receiver,
      groupBy: root.groupBy,
      groupByAll: root.groupByAll,
      groupWaitMs: root.groupWaitMs,
      groupIntervalMs: root.groupIntervalMs,
      repeatIntervalMs: root.repeatIntervalMs,
    },
    { ...ROOT_ROUTE_DEFAULTS, groupBy: ["alertname"], groupByAll: false },
  );
  assertEquals(root.key(), "{}");
  assertEquals(root.id, "{}");
});

Deno.test("child routes inherit every option they leave unset, from their own parent", () => {
  const root = Route.fromConfig({
    receiver: "ops",
    groupBy: ["alertname", "symbol"],
    groupWaitMs: 10_000,
    repeatIntervalMs: 3_600_000,
    routes: [{
      matchers: ['severity="critical"'],
      receiver: "pager",
      groupIntervalMs: 60_000,
      routes: [{ matchers: ["exchange=binance"], groupBy: ["..."] }, { matchers: ["x=y"] }],
    }],
  });
  const critical = root.routes[0]!;
  const [binance, other] = critical.routes;
  assertEquals(
    [critical.receiver, critical.groupBy, critical.groupWaitMs, critical.groupIntervalMs],
    ["pager", ["alertname", "symbol"], 10_000, 60_000],
  );
  assertEquals(critical.repeatIntervalMs, 3_600_000);
  assertEquals([binance!.receiver, binance!.groupByAll, binance!.groupIntervalMs], [
    "pager",
    true,
    60_000,
  ]);
  assertEquals([other!.groupByAll, other!.groupBy], [false, ["alertname", "symbol"]]);
});

Deno.test("a child of a group-by-all route inherits grouping by all labels", () => {
  const root = Route.fromConfig({ groupBy: ["..."], routes: [{ matchers: ["a=1"] }] });
  assert(root.routes[0]!.groupByAll);
  const labels = { alertname: "X", a: "1", b: "2" };
  assertEquals(groupLabels(root.routes[0]!, labels), labels);
});

Deno.test("route keys list sorted matchers from the root; ids add the sibling position", () => {
  const root = Route.fromConfig({
    routes: [
      { matchers: ["b=2", 'a=~"x|y"'] },
      { matchers: ["b=2", 'a=~"x|y"'] },
    ],
  });
  assertEquals(root.routes[0]!.key(), '{}/{a=~"x|y",b="2"}');
  assertEquals(root.routes[1]!.key(), root.routes[0]!.key());
  assertEquals(root.routes[0]!.id, '{}/{a=~"x|y",b="2"}/0');
  assertEquals(root.routes[1]!.id, '{}/{a=~"x|y",b="2"}/1');
});

Deno.test("route matching follows Alertmanager's depth-first continue semantics", () => {
  const root = Route.fromConfig({
    receiver: "default",
    routes: [
      {
        matchers: ['severity="critical"'],
        receiver: "pager",
        continue: true,
        routes: [{ matchers: ["exchange=binance"], receiver: "binance-pager" }],
      },
      { matchers: ['severity=~"warning|critical"'], receiver: "team" },
      { matchers: ["team=infra"], receiver: "infra" },
      { matchers: ["team=infra"], receiver: "infra-2" },
    ],
  });
  const cases: Array<[string, Labels, string[]]> = [
    ["nothing matches: the root itself", { severity: "info" }, ["default"]],
    ["continue goes on to the next sibling", { severity: "critical" }, ["pager", "team"]],
    [
      "the deepest matching node answers for its branch",
      { severity: "critical", exchange: "binance" },
      ["binance-pager", "team"],
    ],
    [
      "a match without continue stops sibling evaluation",
      { severity: "warning", team: "infra" },
      ["team"],
    ],
    ["the first of equal siblings wins", { team: "infra" }, ["infra"]],
  ];
  for (const [name, labels, receivers] of cases) {
    assertEquals(root.match(labels).map((r) => r.receiver), receivers, name);
  }
});

Deno.test("match returns nothing when a node's own matchers fail", () => {
  const root = Route.fromConfig({ routes: [{ matchers: ["a=1"] }] });
  assertEquals(root.routes[0]!.match({ a: "2" }), []);
});

Deno.test("group keys read like Alertmanager's: route path, then sorted group labels", () => {
  const root = Route.fromConfig({
    groupBy: ["alertname", "instance"],
    routes: [{ matchers: ['severity="critical"'] }],
  });
  const labels = { alertname: "X", instance: "a:9100", severity: "critical", extra: "no" };
  const [critical] = root.match(labels);
  assertEquals(
    groupKey(critical!, labels),
    '{}/{severity="critical"}:{alertname="X", instance="a:9100"}',
  );
  // A group label the alert lacks is left out.
  assertEquals(groupKey(root, { alertname: "Y" }), '{}:{alertname="Y"}');
});

Deno.test("building a route tree rejects matchers on the root and bad config", () => {
  assertThrows(() => Route.fromConfig({ matchers: ["a=1"] }), "takes no matchers");
  assertThrows(
    () => new Route({ matchers: ["a=1"], continue: false, routes: [] }),
    "takes no matchers",
  );
  assertThrows(() => Route.fromConfig({ routes: [{ matchers: ["bad"] }] }), "bad matcher");
});
