import { assertEquals } from "../../tests/assert.ts";
import { applicationRules } from "./application_rules.ts";
import { ruleSettingsSchema } from "./config.ts";
import { systemEvaluator } from "./evaluators.ts";
import type { ActorHealth, SystemSnapshot } from "./system_snapshot.ts";
import { healthy } from "./_test_support.ts";

const MIN = 60_000;
const settings = ruleSettingsSchema.parse({});

function instances(name: string, snapshot: SystemSnapshot) {
  const rule = applicationRules(settings).find((r) => r.name === name)!;
  return rule.evaluate(snapshot, 0).map((i) => [i.labels, i.value]);
}

function actor(overrides: Partial<ActorHealth>): ActorHealth {
  return {
    name: "collector",
    status: "running",
    restartsInWindow: 0,
    watchdogRecycles: 0,
    ...overrides,
  };
}

Deno.test("ActorDown holds for a restarting or hung actor, ActorFailed for a failed one", () => {
  const snap = healthy({
    actors: (["running", "restarting", "down", "failed", "stopped"] as const).map((status) =>
      actor({ name: status, status })
    ),
  });
  assertEquals(instances("ActorDown", snap), [[{ actor: "restarting" }, 1], [
    { actor: "down" },
    1,
  ]]);
  assertEquals(instances("ActorFailed", snap), [[{ actor: "failed" }, 1]]);
});

Deno.test("ActorRestartStorm holds from 3 restarts in the window", () => {
  assertEquals(
    instances("ActorRestartStorm", healthy({ actors: [actor({ restartsInWindow: 2 })] })),
    [],
  );
  assertEquals(
    instances("ActorRestartStorm", healthy({ actors: [actor({ restartsInWindow: 3 })] })),
    [
      [{ actor: "collector" }, 3],
    ],
  );
});

Deno.test("ActorMemoryRecycled holds after any recycle in the window", () => {
  assertEquals(instances("ActorMemoryRecycled", healthy({ actors: [actor({})] })), []);
  assertEquals(
    instances("ActorMemoryRecycled", healthy({ actors: [actor({ watchdogRecycles: 1 })] })),
    [
      [{ actor: "collector" }, 1],
    ],
  );
});

Deno.test("BusBacklog holds above 5,000 queued per topic and group", () => {
  const q = (backlog: number, group: string | null = null) => ({
    topic: "candle",
    group,
    backlog,
    lagMs: null,
  });
  assertEquals(instances("BusBacklog", healthy({ bus: [q(5_000)] })), []);
  assertEquals(instances("BusBacklog", healthy({ bus: [q(5_001), q(9_000, "analyzer")] })), [
    [{ topic: "candle" }, 5_001],
    [{ topic: "candle", group: "analyzer" }, 9_000],
  ]);
});

Deno.test("BusLag holds above its threshold and stays silent when lag is unknown", () => {
  const q = (lagMs: number | null) => ({ topic: "signal", group: "alerter", backlog: 1, lagMs });
  assertEquals(instances("BusLag", healthy({ bus: [q(60_000), q(null)] })), []);
  assertEquals(instances("BusLag", healthy({ bus: [q(60_001)] })), [
    [{ topic: "signal", group: "alerter" }, 60_001],
  ]);
});

Deno.test("DeadLetters holds from the first dead letter in the window", () => {
  assertEquals(instances("DeadLetters", healthy({ deadLettersInWindow: 0 })), []);
  assertEquals(instances("DeadLetters", healthy({ deadLettersInWindow: 1 })), [[{}, 1]]);
});

Deno.test("StorageUnreachable and RedisUnreachable hold on a failed check, not an unknown one", () => {
  assertEquals(instances("StorageUnreachable", healthy({ storageOk: false })), [[{}, 1]]);
  assertEquals(instances("StorageUnreachable", healthy({ storageOk: null })), []);
  assertEquals(instances("RedisUnreachable", healthy({ redisOk: false })), [[{}, 1]]);
  assertEquals(instances("RedisUnreachable", healthy({ redisOk: null })), []);
});

Deno.test("SlowQueries holds above 10 in the window", () => {
  assertEquals(instances("SlowQueries", healthy({ slowQueriesInWindow: 10 })), []);
  assertEquals(instances("SlowQueries", healthy({ slowQueriesInWindow: 11 })), [[{}, 11]]);
});

Deno.test("HeapGrowth holds for each thread judged growing, valued in MiB per minute", () => {
  const snap = healthy({
    heapGrowth: [
      { actor: "main", growing: false, slopeBytesPerMin: 9e6 },
      { actor: "analyzer", growing: true, slopeBytesPerMin: 3 * 1024 * 1024 },
    ],
  });
  assertEquals(instances("HeapGrowth", snap), [[{ actor: "analyzer" }, 3]]);
});

Deno.test("Redis unreachable fires after 30 s with the rule's labels and texts", () => {
  const ev = systemEvaluator(settings);
  const down = healthy({ redisOk: false });
  assertEquals(ev.evaluate(down, 0).map((a) => a.state), ["pending"]);
  assertEquals(ev.evaluate(down, 15_000), []);
  const [a] = ev.evaluate(down, 30_000);
  assertEquals(a!.labels, { alertname: "RedisUnreachable", severity: "critical" });
  assertEquals(a!.annotations.summary, "Redis unreachable for 30s");
});

Deno.test("a restart storm fires and resolves as restarts age out of the window", () => {
  const ev = systemEvaluator(settings);
  const storm = healthy({ actors: [actor({ restartsInWindow: 3 })] });
  const [fired] = ev.evaluate(storm, 0);
  assertEquals([fired!.labels.alertname, fired!.state, fired!.annotations.summary], [
    "ActorRestartStorm",
    "firing",
    "collector restarted 3 times in 10m",
  ]);
  const [resolved] = ev.evaluate(healthy({ actors: [actor({ restartsInWindow: 2 })] }), 10 * MIN);
  assertEquals([resolved!.labels.alertname, resolved!.state], ["ActorRestartStorm", "resolved"]);
});

Deno.test("disabled rules are skipped by the system evaluator", () => {
  const ev = systemEvaluator(ruleSettingsSchema.parse({ disabled: ["StorageUnreachable"] }));
  assertEquals(ev.evaluate(healthy({ storageOk: false }), 0), []);
  assertEquals(ev.rules.some((r) => r.name === "StorageUnreachable"), false);
});
