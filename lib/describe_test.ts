import { assertEquals } from "../tests/assert.ts";
import { describeValue } from "./describe.ts";

Deno.test("describeValue shows JSON where there is JSON, and never throws", () => {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  assertEquals(describeValue({ t: "x" }), '{"t":"x"}');
  assertEquals(describeValue(null), "null");
  assertEquals(describeValue(undefined), "none");
  assertEquals(describeValue(10n), "10");
  assertEquals(describeValue(Symbol("s")), "Symbol(s)");
  assertEquals(describeValue(cycle), "[object Object]");
});
