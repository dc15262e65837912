import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { applicationRules } from "./application_rules.ts";
import { nextDailySummaryAt, RULE_NAMES, ruleSettingsSchema, summaryPeriod } from "./config.ts";
import { marketRules } from "./market_rules.ts";
import { systemRules } from "./system_rules.ts";

const MIN = 60_000;

Deno.test("empty settings give the documented defaults", () => {
  const s = ruleSettingsSchema.parse({});
  assertEquals(s.evaluationIntervalMs, 15_000);
  assertEquals(s.disabled, []);
  assertEquals([s.cpu.percent, s.cpu.forMs], [90, 5 * MIN]);
  assertEquals([s.memory.percent, s.memory.forMs], [90, 5 * MIN]);
  assertEquals(s.disk.minFreePercent, 10);
  assertEquals([s.eventLoopLag.thresholdMs, s.eventLoopLag.forMs], [500, MIN]);
  assertEquals([s.restartStorm.restarts, s.restartStorm.windowMs], [3, 10 * MIN]);
  assertEquals(s.watchdogRecycle.windowMs, 10 * MIN);
  assertEquals([s.busBacklog.messages, s.busBacklog.forMs], [5_000, 2 * MIN]);
  assertEquals(s.deadLetters.windowMs, 5 * MIN);
  assertEquals([s.storage.forMs, s.redis.forMs], [30_000, 30_000]);
  assertEquals([s.slowQueries.count, s.slowQueries.windowMs], [10, 5 * MIN]);
  assertEquals(s.staleData.intervals, 3);
  assertEquals([s.priceMove.percent, s.priceMove.windowMs], [5, 60 * MIN]);
  assertEquals([s.volumeSpike.factor, s.volumeSpike.lookback], [5, 20]);
  assertEquals([s.signal.severity, s.signal.forMs], ["info", 0]);
  assertEquals(s.drawdown.percent, 10);
  assertEquals([s.dailySummary.cron, s.dailySummary.severity], ["0 0 * * *", "info"]);
});

Deno.test("a threshold, for and severity can be set alone; the rest keep defaults", () => {
  const s = ruleSettingsSchema.parse({ cpu: { percent: 75, severity: "critical" } });
  assertEquals([s.cpu.percent, s.cpu.forMs, s.cpu.severity], [75, 5 * MIN, "critical"]);
});

Deno.test("bad settings are refused with the path and what was expected", () => {
  const r = ruleSettingsSchema.safeParse({
    disabled: ["NoSuchRule"],
    cpu: { percent: 120 },
    dailySummary: { cron: "every day" },
    staleData: { unknown: 1 },
  });
  assert(!r.success);
  const paths = r.error.issues.map((i) => i.path.join("."));
  assertEquals(paths.sort(), ["cpu.percent", "dailySummary.cron", "disabled.0", "staleData"]);
});

Deno.test("every built-in rule is listed in RULE_NAMES and nothing else is", () => {
  const s = ruleSettingsSchema.parse({});
  const built = [...systemRules(s), ...applicationRules(s), ...marketRules(s)].map((r) => r.name);
  assertEquals(built.sort(), [...RULE_NAMES].sort());
});

Deno.test("the daily summary runs next at the following UTC midnight", () => {
  assertEquals(nextDailySummaryAt("0 0 * * *", Date.UTC(2026, 0, 1, 12)), Date.UTC(2026, 0, 2));
  // At the run time itself, the next one is a day later.
  assertEquals(nextDailySummaryAt("0 0 * * *", Date.UTC(2026, 0, 2)), Date.UTC(2026, 0, 3));
  assertEquals(nextDailySummaryAt("30 6 * * 1", Date.UTC(2026, 0, 1)), Date.UTC(2026, 0, 5, 6, 30));
  assertThrows(() => nextDailySummaryAt("nope", 0), 'invalid cron pattern "nope"');
});

Deno.test("a summary run covers the period since the previous run", () => {
  assertEquals(summaryPeriod("0 0 * * *", Date.UTC(2026, 0, 2)), {
    start: Date.UTC(2026, 0, 1),
    end: Date.UTC(2026, 0, 2),
  });
});
