import { assertEquals, assertStringIncludes } from "./assert.ts";

const main = new URL("../main.ts", import.meta.url).pathname;

async function start(config: unknown, extra: string[] = []) {
  const dir = await Deno.makeTempDir({ prefix: "ct-startup-" });
  try {
    const file = `${dir}/config.json`;
    await Deno.writeTextFile(file, JSON.stringify(config));
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", main, "--config", file, "--data-dir", dir, ...extra],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    return { code: out.code, text };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("start-up refuses an unknown strategy, naming it and the known ones, with exit code 2", async () => {
  const r = await start({ strategies: [{ id: "moon_shot" }] });
  assertEquals(r.code, 2);
  assertStringIncludes(r.text, 'unknown strategy "moon_shot"; known strategies: bollinger');
});

Deno.test("start-up refuses a bad strategy parameter, naming strategy, parameter and value", async () => {
  const r = await start({ strategies: [{ id: "ema_cross", params: { fast: -3 } }] });
  assertEquals(r.code, 2);
  assertStringIncludes(r.text, 'strategy "ema_cross": parameter "fast" = -3 is invalid');
});

Deno.test("start-up refuses a strategy symbol that is not on the watchlist", async () => {
  const r = await start({ strategies: [{ id: "ema_cross", symbols: ["SOL/USDT"] }] });
  assertEquals(r.code, 2);
  assertStringIncludes(r.text, "strategies.0.symbols: expected symbols of the watchlist");
});

Deno.test("start-up refuses a malformed timeframe and an unknown exchange id", async () => {
  const tf = await start({ watchlist: { timeframes: ["7x"] } });
  assertEquals(tf.code, 2);
  assertStringIncludes(
    tf.text,
    'watchlist.timeframes.0: expected a timeframe such as 1m, 5m, 1h, 1d, received "7x"',
  );
  const ex = await start({ watchlist: { exchange: "nosuchexchange" }, actors: ["collector"] });
  assertEquals(ex.code, 2);
  assertStringIncludes(ex.text, 'ccxt has no exchange "nosuchexchange"');
});

Deno.test("start-up refuses a well-formed timeframe the exchange has no candles for, naming those it has", async () => {
  // ccxt knows an exchange's intervals without a request: this needs no network.
  const r = await start({ watchlist: { timeframes: ["1m", "7m"] }, actors: ["collector"] });
  assertEquals(r.code, 2);
  assertStringIncludes(
    r.text,
    'watchlist.timeframes: ccxt:binance has no "7m" candles; it has 1s, 1m, 3m',
  );
});
