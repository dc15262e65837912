import { ConfigError } from "../lib/errors.ts";
import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import { resolveStrategies, strategyRegistry } from "./registry.ts";
import { StrategyConfigError } from "./resolve.ts";

Deno.test("the registry holds every built-in under its id", () => {
  assertEquals(Object.keys(strategyRegistry).sort(), [
    "bollinger",
    "ema_cross",
    "macd_cross",
    "rsi_reversion",
    "vote",
  ]);
  for (const [id, s] of Object.entries(strategyRegistry)) assertEquals(s.id, id);
});

Deno.test("resolving fills in parameter defaults and names each instance by its id unless named", () => {
  const [ema, rsi] = resolveStrategies([
    { id: "ema_cross" },
    { id: "rsi_reversion", name: "rsi_tight", params: { oversold: 20 } },
  ]);
  assertEquals([ema!.name, ema!.params], ["ema_cross", { fast: 12, slow: 26, atr: 14 }]);
  assertEquals([rsi!.name, rsi!.params], ["rsi_tight", {
    period: 14,
    oversold: 20,
    overbought: 70,
  }]);
  assertEquals(rsi!.strategy, strategyRegistry.rsi_reversion);
});

Deno.test("an out-of-range parameter fails naming the strategy, the parameter, the value and the expectation", () => {
  const e = assertThrows(() =>
    resolveStrategies([{ id: "rsi_reversion", params: { oversold: 120 } }])
  );
  assert(e instanceof StrategyConfigError && e instanceof ConfigError);
  assertEquals(e.strategy, "rsi_reversion");
  assertEquals(e.exitCode, 2);
  assertEquals(
    e.message,
    'strategy "rsi_reversion": parameter "oversold" = 120 is invalid: expected a level in (0, 100)',
  );
});

Deno.test("a cross-field rule fails on the field it names, and only when the fields are valid themselves", () => {
  assertThrows(
    () => resolveStrategies([{ id: "ema_cross", params: { fast: 30, slow: 20 } }]),
    'strategy "ema_cross": parameter "slow" = 20 is invalid: expected slow to be greater than fast',
  );
  const e = assertThrows(() => resolveStrategies([{ id: "ema_cross", params: { fast: 0 } }]));
  assertEquals(
    e.message,
    'strategy "ema_cross": parameter "fast" = 0 is invalid: expected a period >= 1',
  );
});

Deno.test("a mistyped parameter fails with the value received", () => {
  assertThrows(
    () => resolveStrategies([{ id: "ema_cross", params: { fast: "9" } }]),
    'parameter "fast" = "9" is invalid: Invalid input: expected number, received string',
  );
  assertThrows(
    () => resolveStrategies([{ id: "bollinger", params: { mode: "fade" } }]),
    'strategy "bollinger": parameter "mode" = "fade" is invalid: expected "breakout" or "reversion"',
  );
});

Deno.test("an unknown parameter fails listing the known ones", () => {
  assertThrows(
    () => resolveStrategies([{ id: "rsi_reversion", params: { overbougth: 80 } }]),
    'strategy "rsi_reversion": unknown parameter "overbougth"; known parameters: period, oversold, overbought',
  );
});

Deno.test("an unknown strategy fails listing the known ids", () => {
  const e = assertThrows(() => resolveStrategies([{ id: "ema_crossover" }]));
  assertEquals(
    e.message,
    'unknown strategy "ema_crossover"; known strategies: bollinger, ema_cross, macd_cross, rsi_reversion, vote',
  );
});

Deno.test("two instances with the same name are refused; naming them apart is the fix", () => {
  assertThrows(
    () =>
      resolveStrategies([{ id: "bollinger" }, { id: "bollinger", params: { mode: "reversion" } }]),
    'strategy name "bollinger" is used twice; give each instance of "bollinger" its own name',
  );
  const both = resolveStrategies([
    { id: "bollinger" },
    { id: "bollinger", name: "bb_fade", params: { mode: "reversion" } },
  ]);
  assertEquals(both.map((s) => s.name), ["bollinger", "bb_fade"]);
});

Deno.test("malformed configuration entries fail saying what was received", () => {
  assertThrows(
    () => resolveStrategies({ id: "ema_cross" } as never),
    'strategy config must be an array of { id, name?, params? }, received {"id":"ema_cross"}',
  );
  assertThrows(
    () => resolveStrategies([{ name: "x" } as never]),
    'strategy config entry 0 must be an object with a string id, received {"name":"x"}',
  );
  assertThrows(
    () => resolveStrategies([{ id: "ema_cross", params: 5 as never }]),
    'strategy "ema_cross": parameters must be an object of name: value, received 5',
  );
});
