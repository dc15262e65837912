import { assert, assertEquals } from "../../tests/assert.ts";
import type { Candle } from "../../messages/payloads.ts";
import { candleChanged, candleProblem } from "./validate.ts";
import { authFailedAlert, symbolDisabledAlert } from "./alerts.ts";

const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "5m" };
const good: Candle = {
  ...series,
  openTime: Date.UTC(2024, 0, 1, 0, 5),
  open: 100,
  high: 110,
  low: 95,
  close: 105,
  volume: 3,
};

Deno.test("candle validation accepts a sound candle and names what is wrong with bad ones", () => {
  assertEquals(candleProblem(good, series), null);
  const problem = (patch: Partial<Candle>) => candleProblem({ ...good, ...patch }, series) ?? "ok";
  assert(problem({ close: NaN }).startsWith("close is not a finite number"));
  assert(problem({ volume: Infinity }).startsWith("volume is not a finite number"));
  assertEquals(problem({ high: 90, low: 95 }), "high 90 < low 95");
  assert(problem({ high: 104 }).startsWith("high/low do not contain open/close"));
  assert(problem({ low: 101 }).startsWith("high/low do not contain open/close"));
  assertEquals(problem({ volume: -0.5 }), "volume -0.5 is negative");
  assertEquals(
    problem({ openTime: good.openTime + 60_000 }),
    `openTime ${good.openTime + 60_000} is not aligned to 5m`,
  );
  assertEquals(problem({ low: 0, open: 0 }), "low 0 is not > 0");
  assert(problem({ symbol: "ETH/USDT" }).includes("not this series"));
});

Deno.test("a candle counts as changed when any value differs", () => {
  assert(!candleChanged(good, { ...good }));
  assert(candleChanged(good, { ...good, close: 105.5 }));
  assert(candleChanged(good, { ...good, volume: 3.01 }));
});

Deno.test("collector alerts say what failed and what to do", () => {
  const a = symbolDisabledAlert(series, "ccxt:binance", "no such market", ["BTC/USDC", "BTC/USDT"]);
  assertEquals(a.labels, { ...series, source: "ccxt:binance" });
  assertEquals(
    a.summary,
    'binance:BTC/USDT:5m disabled: ccxt:binance does not know "BTC/USDT" (no such market); did you mean BTC/USDC or BTC/USDT?',
  );
  assert(!symbolDisabledAlert(series, "sim", "x", []).summary.includes("did you mean"));
  const auth = authFailedAlert(series, "ccxt:binance", "Invalid API-key");
  assertEquals(auth.severity, "critical");
  assert(auth.summary.includes("Check the exchange API key"));
});
