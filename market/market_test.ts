import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import { BadSymbolError, classifyError, parseRetryAfter, withRetryAfter } from "./errors.ts";
import { editDistance, suggestSymbols } from "./suggest.ts";
import { ceilToTimeframe, floorToTimeframe, isAligned, timeframeMs } from "./timeframe.ts";
import { openMarketSource } from "./mod.ts";

// Stand-ins with ccxt's class names and shape; ccxt's real classes are
// checked in ccxt/errors_test.ts.
class BaseError extends Error {}
class OperationFailed extends BaseError {}
class NetworkError extends OperationFailed {}
class RequestTimeout extends NetworkError {}
class ExchangeError extends BaseError {}
class BadRequest extends ExchangeError {}
class BadSymbol extends BadRequest {}
class AuthenticationError extends ExchangeError {}
class PermissionDenied extends AuthenticationError {}

Deno.test("errors are classified by the class names along their chain", () => {
  assertEquals(classifyError(new RequestTimeout("t")).kind, "retryable");
  assertEquals(classifyError(new RequestTimeout("t")).name, "RequestTimeout");
  assertEquals(classifyError(new BadSymbol("b")).kind, "bad_symbol");
  assertEquals(classifyError(new PermissionDenied("p")).kind, "auth");
  assertEquals(classifyError(new ExchangeError("e")).kind, "unknown");
  assertEquals(classifyError(new BadSymbolError("x")).kind, "bad_symbol");
  assertEquals(classifyError(new Deno.errors.ConnectionRefused("refused")).kind, "retryable");
  assertEquals(classifyError("a string").kind, "unknown");
  const c = classifyError(withRetryAfter(new NetworkError("429"), 1500));
  assertEquals([c.kind, c.retryAfterMs], ["retryable", 1500]);
});

Deno.test("retry-after headers parse as seconds or HTTP dates", () => {
  assertEquals(parseRetryAfter("3", 0), 3000);
  assertEquals(parseRetryAfter("0.5", 0), 500);
  assertEquals(parseRetryAfter("Thu, 01 Jan 1970 00:00:10 GMT", 4_000), 6_000);
  assertEquals(parseRetryAfter("Thu, 01 Jan 1970 00:00:10 GMT", 20_000), 0);
  assertEquals(parseRetryAfter("soon", 0), undefined);
  assertEquals(parseRetryAfter(null, 0), undefined);
});

Deno.test("symbol suggestions find near matches and other spellings", () => {
  const known = ["BTC/USDT", "BTC/USDC", "ETH/USDT", "ETH/BTC", "SOL/USDT"];
  assertEquals(suggestSymbols("BTC/USDTT", known)[0], "BTC/USDT");
  assertEquals(suggestSymbols("btcusdt", known), ["BTC/USDT"]);
  assertEquals(suggestSymbols("BTC/USDX", known), ["BTC/USDC", "BTC/USDT"]);
  assertEquals(suggestSymbols("ETH/UDST", known)[0], "ETH/USDT");
  assertEquals(suggestSymbols("DOGE/EUR", known), []);
  assertEquals(suggestSymbols("BTC/USDT", known), []);
  assertEquals(editDistance("abcd", "acbd"), 1);
  assertEquals(editDistance("kitten", "sitting"), 3);
});

Deno.test("timeframes map to durations and candle grids", () => {
  assertEquals(timeframeMs("1m"), 60_000);
  assertEquals(timeframeMs("4h"), 14_400_000);
  assertThrows(() => timeframeMs("1M"), 'received "1M"');
  assertThrows(() => timeframeMs("0m"), "timeframe must");
  const t = Date.UTC(2024, 0, 3, 13, 7, 5); // a Wednesday
  assertEquals(floorToTimeframe(t, "15m"), Date.UTC(2024, 0, 3, 13, 0));
  assertEquals(ceilToTimeframe(t, "1h"), Date.UTC(2024, 0, 3, 14));
  assertEquals(floorToTimeframe(t, "1w"), Date.UTC(2024, 0, 1)); // Monday
  assert(isAligned(Date.UTC(2024, 0, 1), "1w"));
  assert(!isAligned(Date.UTC(2024, 0, 4), "1w"));
  assert(!isAligned(60_000.5, "1m"));
});

Deno.test("market sources open from configuration", async () => {
  const sim = await openMarketSource({ kind: "sim", seed: "cfg", symbols: ["BTC/USDT"] });
  assertEquals([sim.name, await sim.symbols()], ["sim", ["BTC/USDT"]]);
  await sim.close();
  const replay = await openMarketSource({
    kind: "replay",
    path: new URL("./replay/testdata/btcusdt_1m_sample.csv", import.meta.url).pathname,
    symbol: "BTC/USDT",
    timeframe: "1m",
  });
  const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
  const got = await replay.fetchClosed(series, 0, 2, Date.UTC(2024, 0, 2));
  assertEquals(got.map((c) => c.openTime), [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 0, 1)]);
  await replay.close();
});
