import { assertEquals } from "../../tests/assert.ts";
import { decodeSignalCursor, encodeSignalCursor } from "./signal_cursor.ts";

Deno.test("a signal cursor decodes back to the row it was made from", () => {
  for (const row of [{ openTime: 0, id: 1 }, { openTime: 1_704_067_200_000, id: 987_654 }]) {
    assertEquals(decodeSignalCursor(encodeSignalCursor(row)), row);
  }
});

Deno.test("a cursor that is not ours decodes to null", () => {
  for (const bad of ["", "nonsense", "czE6eDox", btoa("s1:1:2:3"), "a".repeat(101), "%%%"]) {
    assertEquals(decodeSignalCursor(bad), null, bad);
  }
});
