import type { z } from "zod";
import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import {
  DEFAULT_INHIBIT_RULES,
  inhibitRuleConfigSchema,
  rootRouteConfigSchema,
  routeConfigSchema,
} from "./config.ts";

function issues(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input);
  assert(!result.success, `expected ${JSON.stringify(input)} to be rejected`);
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
}

Deno.test("a route config fills matchers, continue and routes with their defaults, recursively", () => {
  assertEquals(routeConfigSchema.parse({ routes: [{ receiver: "pager" }] }), {
    matchers: [],
    continue: false,
    routes: [{ receiver: "pager", matchers: [], continue: false, routes: [] }],
  });
});

Deno.test("a bad matcher string in a route is named, with its path", () => {
  const msg = issues(routeConfigSchema, { routes: [{ matchers: ['severity=="x"'] }] });
  assert(msg.includes("routes.0.matchers.0"), msg);
  assert(msg.includes('severity==\\"x\\"'), msg);
  const re = issues(routeConfigSchema, { matchers: ['job=~"(x"'] });
  assert(re.includes("invalid regular expression"), re);
});

Deno.test("route config rejects unknown keys, '...' mixed with labels, and zero intervals", () => {
  assert(issues(routeConfigSchema, { group_by: ["a"] }).includes("group_by"));
  assert(issues(routeConfigSchema, { groupBy: ["...", "a"] }).includes("cannot be combined"));
  assert(
    issues(routeConfigSchema, { groupBy: ["not-a-label"] }).includes("groupBy.0: a label name"),
  );
  assert(issues(routeConfigSchema, { groupIntervalMs: 0 }).includes("groupIntervalMs"));
  assert(issues(routeConfigSchema, { repeatIntervalMs: 0 }).includes("repeatIntervalMs"));
  assertEquals(routeConfigSchema.parse({ groupWaitMs: 0 }).groupWaitMs, 0);
});

Deno.test("the root route takes no matchers and no continue", () => {
  assert(issues(rootRouteConfigSchema, { matchers: ['a="b"'] }).includes("takes no matchers"));
  assert(issues(rootRouteConfigSchema, { continue: true }).includes("continue"));
  rootRouteConfigSchema.parse({ routes: [{ matchers: ['a="b"'], continue: true }] });
});

Deno.test("inhibition rules need source and target matchers and take label names in equal", () => {
  assertEquals(
    inhibitRuleConfigSchema.parse({ sourceMatchers: ["a=1"], targetMatchers: ["b=2"] }).equal,
    [],
  );
  assert(
    issues(inhibitRuleConfigSchema, { sourceMatchers: [], targetMatchers: ["b=2"] })
      .includes("source matcher"),
  );
  assert(
    issues(inhibitRuleConfigSchema, {
      sourceMatchers: ["a=1"],
      targetMatchers: ["b=2"],
      equal: ["x-y"],
    }).includes("label name"),
  );
  assertThrows(() =>
    inhibitRuleConfigSchema.parse({ sourceMatchers: ['a="'], targetMatchers: ["b=2"] })
  );
});

Deno.test("the default inhibition rules are valid: critical mutes warning, warning mutes info", () => {
  const parsed = DEFAULT_INHIBIT_RULES.map((r) => inhibitRuleConfigSchema.parse(r));
  assertEquals(parsed.map((r) => [r.sourceMatchers, r.targetMatchers]), [
    [['severity="critical"'], ['severity="warning"']],
    [['severity="warning"'], ['severity="info"']],
  ]);
  assertEquals(parsed[0]!.equal, [
    "alertname",
    "actor",
    "exchange",
    "symbol",
    "timeframe",
    "instance",
  ]);
});
