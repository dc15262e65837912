import { assert, assertEquals, assertRejects, assertStringIncludes } from "../tests/assert.ts";
import type { ConfigError } from "../lib/errors.ts";
import { envVars, loadConfig, redactConfig } from "./mod.ts";

const noFile = () => Promise.reject(new Error("no such file"));

Deno.test("configuration defaults watch BTC/USDT and ETH/USDT on Binance with all actors", async () => {
  const { config } = await loadConfig({ args: [], env: {} });
  assertEquals(config.watchlist, {
    exchange: "binance",
    symbols: ["BTC/USDT", "ETH/USDT"],
    timeframes: ["1m"],
  });
  assertEquals(config.actors, ["collector", "analyzer", "strategy", "alerter"]);
  assertEquals(config.api.port, 8000);
});

Deno.test("flags override environment, which overrides the config file", async () => {
  const file = JSON.stringify({ api: { port: 1000, host: "0.0.0.0" }, source: "sim", seed: "f" });
  const { config } = await loadConfig({
    args: ["--config", "c.json", "--port", "3000"],
    env: { PORT: "2000", CT_SEED: "env", CT_SYMBOLS: "SOL/USDT, BTC/USDT" },
    readTextFile: () => Promise.resolve(file),
  });
  assertEquals(config.api.port, 3000);
  assertEquals(config.api.host, "0.0.0.0");
  assertEquals(config.seed, "env");
  assertEquals(config.source, "sim");
  assertEquals(config.watchlist.symbols, ["SOL/USDT", "BTC/USDT"]);
});

Deno.test("an invalid value names the key, the value received and what is expected", async () => {
  const err = await assertRejects(() => loadConfig({ args: ["--port", "99999"], env: {} }));
  assertEquals((err as ConfigError).exitCode, 2);
  assertStringIncludes(err.message, "api.port: expected");
  assertStringIncludes(err.message, "received 99999");
  const sym = await assertRejects(() => loadConfig({ args: [], env: { CT_SYMBOLS: "btcusdt" } }));
  assertStringIncludes(
    sym.message,
    'watchlist.symbols.0: expected a symbol such as BTC/USDT, received "btcusdt"',
  );
});

/** The message of the error `loadConfig` raises for these flags, environment and file. */
async function problem(
  args: string[],
  env: Record<string, string> = {},
  file?: unknown,
): Promise<string> {
  const err = await assertRejects(() =>
    loadConfig({
      args: file === undefined ? args : ["--config", "c.json", ...args],
      env,
      readTextFile: () => Promise.resolve(JSON.stringify(file)),
    })
  );
  assertEquals((err as ConfigError).exitCode, 2);
  return err.message;
}

Deno.test("a number above its maximum is one sentence naming the bound", async () => {
  assertEquals(
    await problem(["--port", "99999"]),
    "invalid configuration: api.port: expected a number <= 65535, received 99999",
  );
});

Deno.test("a value below its minimum is one sentence naming the bound", async () => {
  assertEquals(
    await problem([], { CT_BUS_PARTITIONS: "0" }),
    "invalid configuration: bus.partitions: expected a number >= 1, received 0",
  );
  assertEquals(
    await problem([], {}, { speed: 0 }),
    "invalid configuration: speed: expected a number > 0, received 0",
  );
  assertEquals(
    await problem([], {}, { actors: [] }),
    "invalid configuration: actors: expected at least 1 item, received []",
  );
});

Deno.test("a value outside an enumeration lists the values allowed", async () => {
  assertEquals(
    await problem([], { LOG_FORMAT: "xml" }),
    'invalid configuration: log.format: expected one of "pretty", "json", received "xml"',
  );
});

Deno.test("a value of the wrong type names the type expected", async () => {
  assertEquals(
    await problem([], {}, { api: { port: "8000" } }),
    'invalid configuration: api.port: expected a number, received "8000"',
  );
  assertEquals(
    await problem([], {}, { api: { port: 80.5 } }),
    "invalid configuration: api.port: expected an integer, received 80.5",
  );
  assertEquals(
    await problem([], {}, { api: { protectReads: "yes" } }),
    'invalid configuration: api.protectReads: expected true or false, received "yes"',
  );
});

Deno.test("an unknown key is named with the keys known in its section", async () => {
  assertEquals(
    await problem([], {}, { retention: { days: 7 } }),
    "invalid configuration: retention.days: unknown key (known: cron, candlesDays)",
  );
});

Deno.test("a misspelt key in any section is refused, not silently ignored", async () => {
  const cases: [unknown, string][] = [
    [{ api: { prot: 9000 } }, "api.prot: unknown key"],
    [{ watchlist: { symbol: ["BTC/USDT"] } }, "watchlist.symbol: unknown key"],
    [{ log: { lvl: "debug" } }, "log.lvl: unknown key"],
    [{ supervisor: { intensty: 3 } }, "supervisor.intensty: unknown key"],
    [{ actorSettings: { strategy: { isolaton: "process" } } }, "actorSettings.strategy.isolaton"],
    [{ actorSettings: { trader: {} } }, "actorSettings.trader: unknown key"],
    [{ bus: { leasMs: 5000 } }, "bus.leasMs: unknown key"],
    [{ collector: { backfill: 10 } }, "collector.backfill: unknown key"],
    [{ alerts: { outbox: { ratePerMinute: { sms: 1 } } } }, "alerts.outbox.ratePerMinute.sms"],
  ];
  for (const [file, expected] of cases) {
    const text = await problem([], {}, file);
    assert(text.includes(expected), `${JSON.stringify(file)}: ${text}`);
  }
});

Deno.test("a bad URL names the schemes expected and shows the value redacted", async () => {
  assertEquals(
    await problem([], { DATABASE_URL: "mysql://ct:hunter2@db/ct" }),
    "invalid configuration: databaseUrl: expected a URL with scheme postgres:// or postgresql://, " +
      'received "mysql://ct:***@db/ct"',
  );
  assertEquals(
    await problem([], { ALERT_WEBHOOK_URL: "hooks.slack.com/services/T/B/X" }),
    "invalid configuration: alerts.webhookUrl: expected a URL with scheme http:// or https://, " +
      'received "***"',
  );
  assertEquals(
    await problem([], {}, {
      alerts: { receivers: [{ name: "default", webhook: { url: "ftp://ct:hunter2@files/in" } }] },
    }),
    "invalid configuration: alerts.receivers.0.webhook.url: expected a URL with scheme http:// " +
      'or https://, received "ftp://ct:***@files/in"',
  );
});

Deno.test("a schema's own message is used once, whether or not it starts with expected", async () => {
  assertEquals(
    await problem([], { ALERT_EMAIL_TO: "ops" }),
    'invalid configuration: alerts.emailTo.0: expected an e-mail address, received "ops"',
  );
  assertEquals(
    await problem([], {}, { paper: { feeRate: 0.5 } }),
    "invalid configuration: paper.feeRate: expected a fee rate in [0, 0.1], received 0.5",
  );
  assertEquals(
    await problem([], {}, { alerts: { route: { matchers: ['a="b"'] } } }),
    "invalid configuration: alerts.route.matchers: expected an empty list (the root route " +
      'matches every alert and takes no matchers), received ["a=\\"b\\""]',
  );
});

Deno.test("several problems are listed in one message", async () => {
  assertEquals(
    await problem(["--port=-1"], { LOG_LEVEL: "loud" }),
    'invalid configuration: log.level: expected one of "trace", "debug", "info", "warning", ' +
      '"error", "fatal", received "loud"; api.port: expected a number >= 0, received -1',
  );
});

Deno.test("the slow-query threshold defaults to 500 ms and is set by CT_SLOW_QUERY_MS or the file", async () => {
  assertEquals((await loadConfig({ args: [], env: {} })).config.monitor.slowQueryMs, 500);
  const env = await loadConfig({ args: [], env: { CT_SLOW_QUERY_MS: "250" } });
  assertEquals(env.config.monitor.slowQueryMs, 250);
  const file = await loadConfig({
    args: ["--config", "c.json"],
    env: {},
    readTextFile: () => Promise.resolve('{"monitor":{"slowQueryMs":0}}'),
  });
  assertEquals(file.config.monitor.slowQueryMs, 0);
  assertEquals(
    await problem([], { CT_SLOW_QUERY_MS: "-5" }),
    "invalid configuration: monitor.slowQueryMs: expected a number >= 0, received -5",
  );
});

Deno.test("store timeouts default to 5 s for locks and 30 s for statements and are set by CT_LOCK_TIMEOUT_MS and CT_STATEMENT_TIMEOUT_MS", async () => {
  assertEquals((await loadConfig({ args: [], env: {} })).config.store, {
    lockTimeoutMs: 5_000,
    statementTimeoutMs: 30_000,
  });
  const env = await loadConfig({
    args: [],
    env: { CT_LOCK_TIMEOUT_MS: "250", CT_STATEMENT_TIMEOUT_MS: "0" },
  });
  assertEquals(env.config.store, { lockTimeoutMs: 250, statementTimeoutMs: 0 });
  assertEquals(
    await problem([], { CT_LOCK_TIMEOUT_MS: "0" }),
    "invalid configuration: store.lockTimeoutMs: expected a number > 0, received 0",
  );
  assertEquals(
    await problem([], { CT_STATEMENT_TIMEOUT_MS: "-1" }),
    "invalid configuration: store.statementTimeoutMs: expected a number >= 0, received -1",
  );
});

Deno.test("malformed environment numbers, unknown flags and unknown file keys are refused", async () => {
  await assertRejects(
    () => loadConfig({ args: [], env: { PORT: "80a" } }),
    'PORT: expected an integer, received "80a"',
  );
  await assertRejects(() => loadConfig({ args: ["--bogus"], env: {} }), "command line:");
  await assertRejects(
    () =>
      loadConfig({
        args: ["--config", "x"],
        env: {},
        readTextFile: () => Promise.resolve('{"colour":1}'),
      }),
    "colour: unknown key",
  );
  await assertRejects(
    () => loadConfig({ args: ["--config", "x"], env: {}, readTextFile: noFile }),
    "cannot read x",
  );
  await assertRejects(
    () => loadConfig({ args: ["--source", "replay"], env: {} }),
    "replayFile: expected a CSV path",
  );
});

Deno.test("secrets never appear in errors or in redacted configuration", async () => {
  const err = await assertRejects(() =>
    loadConfig({ args: [], env: { API_KEY: "short", DATABASE_URL: "mysql://u:hunter2@h/db" } })
  );
  assertEquals(err.message.includes("hunter2"), false);
  assertEquals(err.message.includes("short"), false);
  const { config } = await loadConfig({
    args: [],
    env: {
      API_KEY: "0123456789abcdef",
      DATABASE_URL: "postgres://u:hunter2@h/db",
      TELEGRAM_BOT_TOKEN: "123:abc",
    },
  });
  const shown = JSON.stringify(redactConfig(config));
  for (const secret of ["0123456789abcdef", "hunter2", "123:abc"]) {
    assertEquals(shown.includes(secret), false, `${secret} leaked`);
  }
  assertStringIncludes(shown, "postgres://u:***@h/db");
});

Deno.test(".env.example lists every environment variable", async () => {
  const text = await Deno.readTextFile(new URL("../.env.example", import.meta.url));
  for (const v of envVars) assertStringIncludes(text, `# ${v.name}=`);
});

Deno.test("strategies may be enabled per symbol in the configuration", async () => {
  const file = JSON.stringify({ strategies: [{ id: "ema_cross", symbols: ["ETH/USDT"] }] });
  const { config } = await loadConfig({
    args: ["--config", "c.json"],
    env: {},
    readTextFile: () => Promise.resolve(file),
  });
  assertEquals(config.strategies, [{ id: "ema_cross", symbols: ["ETH/USDT"] }]);
});

Deno.test("a process's own defaults sit under the file, the environment and the flags", async () => {
  const defaults = { supervisor: { onLeakedThread: "exit" } };
  const load = (env: Record<string, string>) => loadConfig({ args: [], env, defaults });
  assertEquals((await load({})).config.supervisor.onLeakedThread, "exit");
  assertEquals(
    (await load({ CT_ON_LEAKED_THREAD: "report" })).config.supervisor.onLeakedThread,
    "report",
  );
  const file = await loadConfig({
    args: ["--config", "c.json"],
    env: {},
    defaults,
    readTextFile: () => Promise.resolve('{"supervisor":{"onLeakedThread":"report"}}'),
  });
  assertEquals(file.config.supervisor.onLeakedThread, "report");
});
