import { z } from "zod";
import { assert, assertEquals } from "../tests/assert.ts";
import { derivedEnvName, derivedEnvVars, schemaSettings } from "./derived_env.ts";
import { envVars } from "./env.ts";
import { envLayer } from "./layers.ts";
import { configSchema } from "./schema.ts";

Deno.test("a derived name is CT_ and the path in UPPER_SNAKE, __ between levels", () => {
  const cases: [string, string][] = [
    ["bus.leaseMs", "CT_BUS__LEASE_MS"],
    ["actorSettings.strategy.isolation", "CT_ACTOR_SETTINGS__STRATEGY__ISOLATION"],
    ["actorSettings.alerter.maxHeapMb", "CT_ACTOR_SETTINGS__ALERTER__MAX_HEAP_MB"],
    ["alerts.rules.cpu.percent", "CT_ALERTS__RULES__CPU__PERCENT"],
    ["alerts.outbox.ratePerMinute.telegram", "CT_ALERTS__OUTBOX__RATE_PER_MINUTE__TELEGRAM"],
    ["paper.stake", "CT_PAPER__STAKE"],
    ["strategies", "CT_STRATEGIES"],
  ];
  for (const [path, name] of cases) {
    assertEquals(derivedEnvName(path), name);
    assertEquals(derivedEnvVars.find((v) => v.path === path)?.name, name, path);
  }
});

Deno.test("a setting with an explicit variable has no derived one", () => {
  for (const path of ["api.port", "log.level", "bus.claimIdleMs", "supervisor.periodMs"]) {
    assertEquals(derivedEnvVars.find((v) => v.path === path), undefined, path);
  }
});

Deno.test("a setting's kind follows its zod type through defaults, optionals, nulls and pipes", () => {
  const schema = z.strictObject({
    n: z.number().int().positive().default(1),
    f: z.number().nullable().default(null),
    b: z.boolean().optional(),
    e: z.enum(["a", "b"]).default("a"),
    s: z.string().transform((t) => t.length),
    names: z.array(z.enum(["x", "y"])).default([]),
    objects: z.array(z.object({ id: z.string() })).default([]),
    union: z.union([z.number(), z.string()]),
    record: z.record(z.string(), z.number()).optional(),
    lazy: z.lazy(() => z.object({ a: z.number() })),
    nested: z.object({ deep: z.object({ leaf: z.string().default("") }).prefault({}) }).prefault(
      {},
    ),
  });
  const kinds = Object.fromEntries(
    schemaSettings(schema).map((s) => [s.path, `${s.kind}${s.nullable ? "?" : ""}`]),
  );
  assertEquals(kinds, {
    n: "number",
    f: "number?",
    b: "bool",
    e: "string",
    s: "string",
    names: "list",
    objects: "json",
    union: "json",
    record: "json",
    lazy: "json",
    "nested.deep.leaf": "string",
  });
});

// Below, the schema itself is walked, so a new setting cannot be left without a variable.

const settings = schemaSettings(configSchema);
const allVars = [...envVars, ...derivedEnvVars];

Deno.test("every setting of the schema has exactly one variable, explicit or derived", () => {
  const byPath = Map.groupBy(allVars, (v) => v.path);
  const missing = settings.filter((s) => !byPath.has(s.path)).map((s) => s.path);
  assertEquals(missing, [], "settings no variable reaches");
  const twice = [...byPath].filter(([, vs]) => vs.length > 1).map(([p]) => p);
  assertEquals(twice, [], "settings with two variables");
  const paths = new Set(settings.map((s) => s.path));
  const stray = envVars.filter((v) => !paths.has(v.path)).map((v) => `${v.name} (${v.path})`);
  assertEquals(stray, [], "explicit variables naming no setting");
  const names = allVars.map((v) => v.name);
  assertEquals(names.length, new Set(names).size, "variable names are unique");
});

Deno.test("the walk misses no key of the default configuration", () => {
  // Checked against the parsed defaults rather than the walk itself: a key
  // of the defaults that lies under no setting path would be unreachable.
  const paths = settings.map((s) => s.path);
  const keys: string[] = [];
  const collect = (value: unknown, path: string[]): void => {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) collect(v, [...path, k]);
    } else keys.push(path.join("."));
  };
  collect(configSchema.parse({}), []);
  const under = (key: string) => paths.some((p) => key === p || key.startsWith(`${p}.`));
  assertEquals(keys.filter((k) => !under(k)), []);
  for (const key of ["bus.leaseMs", "alerts.rules.cpu.percent", "paper.stake.fraction"]) {
    assert(keys.includes(key), `${key} missing from the defaults: the check checks nothing`);
  }
});

Deno.test("every variable, set at once, lands at its own setting path", () => {
  const sample = { string: "s", int: "1", number: "1.5", bool: "true", list: "a,b", json: "{}" };
  const env = Object.fromEntries(allVars.map((v) => [v.name, sample[v.kind]]));
  const layer = envLayer(env);
  for (const s of settings) {
    const value = s.path.split(".").reduce<unknown>(
      (node, key) => (node as Record<string, unknown> | undefined)?.[key],
      layer,
    );
    assert(value !== undefined, `${s.path} not set by its variable`);
  }
});
