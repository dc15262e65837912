import { assertEquals, assertThrows } from "../tests/assert.ts";
import {
  candlesStatement,
  checkLimit,
  dollarPlaceholders,
  signalsStatement,
  UPDATE_POSITION,
  updatePositionValues,
} from "./sql.ts";

const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };

Deno.test("dollarPlaceholders numbers each question mark in order", () => {
  assertEquals(dollarPlaceholders("a = ? AND (b, c) < (?, ?)"), "a = $1 AND (b, c) < ($2, $3)");
  assertEquals(dollarPlaceholders("SELECT 1"), "SELECT 1");
});

Deno.test("checkLimit falls back when absent and rejects non-positive or fractional limits", () => {
  assertEquals(checkLimit(undefined, 100, "signals"), 100);
  assertEquals(checkLimit(undefined, null, "candles"), null);
  assertEquals(checkLimit(7, 100, "signals"), 7);
  assertThrows(
    () => checkLimit(0, 100, "signals"),
    "signals: limit must be a positive integer, got 0",
  );
  assertThrows(() => checkLimit(1.5, 100, "trades"), "got 1.5");
});

Deno.test("candlesStatement binds one value per placeholder, limit last", () => {
  const all = candlesStatement(series);
  assertEquals(all.values, ["binance", "BTC/USDT", "1m"]);
  assertEquals(all.text.endsWith("ORDER BY open_time asc"), true);
  const ranged = candlesStatement({ ...series, from: 1, to: 2, limit: 3, order: "desc" });
  assertEquals(ranged.values, ["binance", "BTC/USDT", "1m", 1, 2, 3]);
  assertEquals(ranged.text.split("?").length - 1, ranged.values.length);
  assertThrows(
    () => candlesStatement({ ...series, order: "sideways" as "asc" }),
    'order must be "asc" or "desc", got "sideways"',
  );
});

Deno.test("signalsStatement turns a cursor into a row-value comparison", () => {
  const page = signalsStatement({ symbol: "ETH/USDT", before: { openTime: 5, id: 9 }, limit: 2 });
  assertEquals(page.values, ["ETH/USDT", 5, 9, 2]);
  assertEquals(page.text.includes("(open_time, id) < (?, ?)"), true);
  assertEquals(signalsStatement({}).values, [100]);
});

Deno.test("updatePositionValues moves the id behind the columns it sets", () => {
  assertEquals(updatePositionValues(["id", 1, 2]), [1, 2, "id"]);
  assertEquals(UPDATE_POSITION.split("?").length - 1, 14);
});
