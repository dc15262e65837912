import { assertEquals, assertRejects, assertStringIncludes } from "../tests/assert.ts";
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
