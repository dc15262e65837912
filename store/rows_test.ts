import { assertEquals, assertThrows } from "../tests/assert.ts";
import { candleFromRow, signalFromRow, tradeFromRow } from "./rows.ts";

const candleRow = {
  exchange: "binance",
  symbol: "BTC/USDT",
  timeframe: "1m",
  open_time: 60_000,
  open: 1,
  high: 2,
  low: 0.5,
  close: 1.5,
  volume: 10,
};

Deno.test("candleFromRow maps snake_case columns to a plain Candle", () => {
  const row = Object.assign(Object.create(null), candleRow);
  assertEquals(candleFromRow(row), {
    exchange: "binance",
    symbol: "BTC/USDT",
    timeframe: "1m",
    openTime: 60_000,
    open: 1,
    high: 2,
    low: 0.5,
    close: 1.5,
    volume: 10,
  });
});

Deno.test("row decoding rejects a number that came back as a string instead of coercing it", () => {
  assertThrows(
    () => candleFromRow({ ...candleRow, open_time: "60000" }),
    "column open_time came back as string (60000), expected a number",
  );
});

Deno.test("signalFromRow parses JSON text and accepts already-parsed jsonb", () => {
  const base = {
    id: 1,
    strategy: "rsi",
    exchange: "binance",
    symbol: "BTC/USDT",
    timeframe: "1m",
    open_time: 0,
    side: "buy",
    strength: 1,
    price: 2,
    reason: "r",
  };
  const fromText = signalFromRow({ ...base, indicators: '{"rsi":30,"ema":null}' });
  const fromJsonb = signalFromRow({ ...base, indicators: { rsi: 30, ema: null } });
  assertEquals(fromText, fromJsonb);
  assertEquals(fromText.indicators, { rsi: 30, ema: null });
  assertThrows(() => signalFromRow({ ...base, indicators: "[1]" }), "expected a JSON object");
  assertThrows(() => signalFromRow({ ...base, indicators: "{}", side: "hold" }), "column side");
});

Deno.test("tradeFromRow rejects an exit reason outside the known set", () => {
  assertThrows(
    () =>
      tradeFromRow({
        id: "t",
        account: "a",
        strategy: "s",
        exchange: "e",
        symbol: "x",
        timeframe: "1m",
        qty: 1,
        entry_price: 1,
        exit_price: 1,
        entry_time: 0,
        exit_time: 1,
        pnl: 0,
        pnl_pct: 0,
        fees: 0,
        exit_reason: "panic",
      }),
    'column exit_reason holds "panic"',
  );
});
