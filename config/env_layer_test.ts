import { assertEquals, assertRejects, assertStringIncludes } from "../tests/assert.ts";
import type { ConfigError } from "../lib/errors.ts";
import { loadConfig } from "./mod.ts";

/** The configuration from this environment, over an optional config file. */
async function load(env: Record<string, string>, file?: unknown, args: string[] = []) {
  const { config } = await loadConfig({
    args: file === undefined ? args : ["--config", "c.json", ...args],
    env,
    readTextFile: () => Promise.resolve(JSON.stringify(file)),
  });
  return config;
}

/** The message of the error this environment raises, checking its exit code. */
async function refused(env: Record<string, string>): Promise<string> {
  const err = await assertRejects(() => loadConfig({ args: [], env }));
  assertEquals((err as ConfigError).exitCode, 2);
  return err.message;
}

Deno.test("derived variables set numbers, enumerations, strings and lists at their paths", async () => {
  const config = await load({
    CT_BUS__LEASE_MS: "20000",
    CT_BUS__MAX_ATTEMPTS: "7",
    CT_SUPERVISOR__BACKOFF_MAX_MS: "5000",
    CT_PAPER__FEE_RATE: "0.002",
    CT_ALERTS__OUTBOX__RATE_PER_MINUTE__TELEGRAM: "2.5",
    CT_ACTOR_SETTINGS__STRATEGY__ISOLATION: "process",
    CT_ACTOR_SETTINGS__ANALYZER__MAX_HEAP_MB: "256",
    CT_ALERTS__RULES__CPU__PERCENT: "75",
    CT_ALERTS__RULES__CPU__SEVERITY: "critical",
    CT_ALERTS__RULES__CPU__SUMMARY: "CPU at {{ $value }} %",
    CT_ALERTS__RULES__DAILY_SUMMARY__CRON: "30 6 * * *",
    CT_ALERTS__RULES__DISABLED: "HighCpuUsage, StaleData",
  });
  assertEquals(config.bus.leaseMs, 20_000);
  assertEquals(config.bus.maxAttempts, 7);
  assertEquals(config.supervisor.backoffMaxMs, 5_000);
  assertEquals(config.paper.feeRate, 0.002);
  assertEquals(config.alerts.outbox.ratePerMinute.telegram, 2.5);
  assertEquals(config.actorSettings.strategy.isolation, "process");
  assertEquals(config.actorSettings.collector.isolation, "worker");
  assertEquals(config.actorSettings.analyzer.maxHeapMb, 256);
  assertEquals(config.alerts.rules.cpu.percent, 75);
  assertEquals(config.alerts.rules.cpu.severity, "critical");
  assertEquals(config.alerts.rules.cpu.summary, "CPU at {{ $value }} %");
  assertEquals(config.alerts.rules.dailySummary.cron, "30 6 * * *");
  assertEquals(config.alerts.rules.disabled, ["HighCpuUsage", "StaleData"]);
});

Deno.test("derived JSON variables set structured settings", async () => {
  const config = await load({
    CT_STRATEGIES: '[{"id":"ema_cross","symbols":["ETH/USDT"]}]',
    CT_PAPER__STAKE: '{"mode":"fixed","amount":250}',
    CT_ALERTS__RECEIVERS: '[{"name":"default"},{"name":"ops","webhook":{}}]',
    CT_ALERTS__ROUTE: '{"receiver":"ops","groupBy":["alertname","symbol"]}',
    CT_ALERTS__INHIBIT_RULES: "[]",
  });
  assertEquals(config.strategies, [{ id: "ema_cross", symbols: ["ETH/USDT"] }]);
  assertEquals(config.paper.stake, { mode: "fixed", amount: 250 });
  assertEquals(config.alerts.receivers.map((r) => r.name), ["default", "ops"]);
  assertEquals(config.alerts.route.receiver, "ops");
  assertEquals(config.alerts.route.groupBy, ["alertname", "symbol"]);
  assertEquals(config.alerts.inhibitRules, []);
});

Deno.test("a derived variable beats the config file, which keeps what it alone sets", async () => {
  const file = {
    bus: { leaseMs: 1_000, maxAttempts: 2 },
    actorSettings: { strategy: { isolation: "process", shutdownMs: 900 } },
    api: { port: 1000 },
  };
  const config = await load(
    { CT_BUS__LEASE_MS: "20000", CT_ACTOR_SETTINGS__STRATEGY__ISOLATION: "worker", PORT: "2000" },
    file,
    ["--port", "3000"],
  );
  assertEquals(config.bus.leaseMs, 20_000);
  assertEquals(config.bus.maxAttempts, 2);
  assertEquals(config.actorSettings.strategy, {
    isolation: "worker",
    restart: "permanent",
    maxHeapMb: 512,
    shutdownMs: 900,
  });
  assertEquals(config.api.port, 3000, "the flag beats both");
});

Deno.test("a flag's setting has no derived name to compete with: CT_API__PORT points to PORT", async () => {
  // Every flag's setting has an explicit variable, so no derived one; the
  // derived-style name is refused rather than losing silently to the flag.
  assertStringIncludes(
    await refused({ CT_API__PORT: "2000" }),
    "CT_API__PORT names no setting; did you mean PORT (api.port)?",
  );
  assertStringIncludes(
    await refused({ CT_LOG__LEVEL: "debug" }),
    "did you mean LOG_LEVEL (log.level)?",
  );
});

Deno.test("a JSON variable replaces the file's object whole rather than merging into it", async () => {
  const file = { paper: { stake: { mode: "fixed", amount: 100 } } };
  const config = await load({ CT_PAPER__STAKE: '{"mode":"fraction","fraction":0.2}' }, file);
  assertEquals(config.paper.stake, { mode: "fraction", fraction: 0.2 });
});

Deno.test("null turns off a nullable setting the file set", async () => {
  const file = { paper: { stopLoss: 0.02, takeProfit: 0.05 } };
  const config = await load({ CT_PAPER__STOP_LOSS: "null", CT_PAPER__TAKE_PROFIT: "0.1" }, file);
  assertEquals(config.paper.stopLoss, null);
  assertEquals(config.paper.takeProfit, 0.1);
});

Deno.test("the schema judges derived values, naming the key and the value received", async () => {
  assertEquals(
    await refused({ CT_BUS__LEASE_MS: "1.5" }),
    "invalid configuration: bus.leaseMs: expected an integer, received 1.5",
  );
  assertEquals(
    await refused({ CT_ACTOR_SETTINGS__STRATEGY__ISOLATION: "thread" }),
    "invalid configuration: actorSettings.strategy.isolation: expected one of " +
      '"worker", "process", received "thread"',
  );
  assertEquals(
    await refused({ CT_PAPER__STAKE: '{"mode":"fixed"}' }),
    "invalid configuration: paper.stake.amount: expected a number, received nothing",
  );
  assertEquals(
    await refused({ CT_BUS__MAX_ATTEMPTS: "many" }),
    'CT_BUS__MAX_ATTEMPTS: expected a number, received "many"',
  );
});

Deno.test("a variable that is not valid JSON where JSON is expected is named", async () => {
  assertStringIncludes(
    await refused({ CT_PAPER__STAKE: "{mode:fixed}" }),
    'CT_PAPER__STAKE: expected JSON for paper.stake, received "{mode:fixed}" (',
  );
  // Receivers may hold a webhook URL with its token: the text is not repeated.
  const receivers = await refused({
    CT_ALERTS__RECEIVERS: "[{name:ops,webhook:{url:https://hooks.example/T0K3N}}]",
  });
  assertStringIncludes(receivers, "CT_ALERTS__RECEIVERS: expected JSON for alerts.receivers");
  assertEquals(receivers.includes("T0K3N"), false, receivers);
});

Deno.test("an unknown CT_…__… variable is refused with the closest name", async () => {
  assertEquals(
    await refused({ CT_BUS__LEAS_MS: "5000" }),
    "environment: CT_BUS__LEAS_MS names no setting; did you mean CT_BUS__LEASE_MS (bus.leaseMs)?",
  );
  const both = await refused({
    CT_ALERTS__RULES__CPU__PERCNT: "80",
    CT_ACTOR_SETTINGS__TRADER__ISOLATION: "process",
  });
  assertStringIncludes(both, "CT_ACTOR_SETTINGS__TRADER__ISOLATION names no setting");
  assertStringIncludes(
    both,
    "did you mean CT_ALERTS__RULES__CPU__PERCENT (alerts.rules.cpu.percent)?",
  );
  // Even empty (compose's ${X:-}): the name is the mistake.
  assertStringIncludes(await refused({ CT_BUS__LEAS_MS: "" }), "CT_BUS__LEAS_MS names no setting");
});

Deno.test("other environment variables are left alone", async () => {
  const config = await load({ HOME: "/root", CT_COLOUR: "blue", CT_BUS_LEASE_MS: "1", X__Y: "1" });
  assertEquals(config.bus.leaseMs, 10_000);
});

Deno.test(".env.example's derived examples are valid and each changes its setting", async () => {
  const text = await Deno.readTextFile(new URL("../.env.example", import.meta.url));
  const examples = [...text.matchAll(/^# (CT_\w+__\w+)=(.+)$/gm)]
    .map((m): [string, string] => [m[1]!, m[2]!.replace(/^'(.*)'$/, "$1")]);
  assertEquals(examples.length >= 5, true, `${examples.length} examples`);
  const defaults = JSON.stringify(await load({}));
  for (const [name, value] of examples) {
    const config = JSON.stringify(await load({ [name]: value }));
    assertEquals(config === defaults, false, `${name}=${value} changed nothing`);
  }
});
