import { assertEquals, assertThrows } from "../../tests/assert.ts";
import type { Candle } from "../../messages/mod.ts";
import { candleArrays, dedupeCandles } from "./candle_batch.ts";

const c = (openTime: number, close = 1, symbol = "BTC/USDT"): Candle => ({
  exchange: "binance",
  symbol,
  timeframe: "1m",
  openTime,
  open: 1,
  high: 2,
  low: 0.5,
  close,
  volume: 3,
});

Deno.test("dedupeCandles returns a rising single-series batch untouched", () => {
  const batch = [c(1), c(2), c(3)];
  assertEquals(dedupeCandles(batch) === batch, true);
  assertEquals(dedupeCandles([]), []);
});

Deno.test("dedupeCandles keeps the last occurrence of a repeated key", () => {
  assertEquals(dedupeCandles([c(1, 10), c(2), c(1, 11), c(1, 12, "ETH/USDT")]), [
    c(1, 11),
    c(2),
    c(1, 12, "ETH/USDT"),
  ]);
  const mixed = [c(2), c(1), c(1, 1, "ETH/USDT")];
  assertEquals(dedupeCandles(mixed) === mixed, true, "no duplicates: the input comes back");
});

Deno.test("candleArrays quotes text elements and escapes quotes and backslashes", () => {
  const [exchange, symbol, timeframe, openTime, open, , , close] = candleArrays([
    { ...c(60_000, 0.1 + 0.2), symbol: 'a"b\\c,{d}' },
    { ...c(120_000, 1e-7), symbol: 'a"b\\c,{d}' },
  ]);
  assertEquals(exchange, '{"binance","binance"}');
  assertEquals(symbol, '{"a\\"b\\\\c,{d}","a\\"b\\\\c,{d}"}');
  assertEquals(timeframe, '{"1m","1m"}');
  assertEquals(openTime, "{60000,120000}");
  assertEquals(open, "{1,1}");
  assertEquals(close, "{0.30000000000000004,1e-7}");
});

Deno.test("candleArrays rejects non-finite prices and non-integer times, naming the candle", () => {
  assertThrows(() => candleArrays([c(1), { ...c(2), high: NaN }]), "candle 1 has high NaN");
  assertThrows(
    () => candleArrays([{ ...c(1), openTime: 1.5 }]),
    "openTime 1.5, expected a finite integer",
  );
});
