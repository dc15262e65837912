import { assertEquals } from "../../tests/assert.ts";
import { decodeTradeCursor, encodeTradeCursor } from "./trade_cursor.ts";

Deno.test("a trade cursor decodes back to the trade it was made from, whatever its id", () => {
  for (
    const row of [
      { exitTime: 0, id: "t" },
      { exitTime: 1_704_067_200_000, id: "default:ema_cross:binance:BTC/USDT:1m:1704067200000" },
      { exitTime: 5, id: "ünïcode:with:colons" },
    ]
  ) {
    assertEquals(decodeTradeCursor(encodeTradeCursor(row)), row);
  }
});

Deno.test("a trade cursor that is not ours decodes to null", () => {
  for (
    const bad of [
      "",
      "nonsense",
      btoa("s1:1:2"),
      btoa("t1:x:id"),
      btoa("t1:1:"),
      "%%%",
      "a".repeat(401),
    ]
  ) {
    assertEquals(decodeTradeCursor(bad), null, bad);
  }
});
