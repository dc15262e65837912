import { assertEquals } from "../tests/assert.ts";
import { crossedAbove, crossedBelow, gapStrength, unit } from "./cross.ts";

Deno.test("a cross needs the line at or beyond the other before and strictly past it after", () => {
  assertEquals(crossedAbove(1, 2, 3, 2), true);
  assertEquals(crossedAbove(2, 2, 2.5, 2), true, "from touching to above is a cross");
  assertEquals(crossedAbove(2.5, 2, 3, 2), false, "already above");
  assertEquals(crossedAbove(1, 2, 2, 2), false, "touching is not above");
  assertEquals(crossedBelow(3, 2, 1, 2), true);
  assertEquals(crossedBelow(2, 2, 2, 2), false);
});

Deno.test("gap strength is the gap over gap plus scale, and 1 without a usable scale", () => {
  assertEquals(gapStrength(2, 2), 0.5);
  assertEquals(gapStrength(-1, 3), 0.25);
  assertEquals(gapStrength(0, 3), 0);
  assertEquals(gapStrength(0.5, null), 1);
  assertEquals(gapStrength(0.5, 0), 1);
  assertEquals(unit(-0.2), 0);
  assertEquals(unit(1.7), 1);
});
