import { assertEquals } from "../tests/assert.ts";
import { isFinalExit } from "./heart.ts";

Deno.test("a clean stop, invalid configuration and the sysexits codes end the heart; other failures restart", () => {
  const final = (code: number, signal: Deno.Signal | null = null) => isFinalExit({ code, signal });
  for (const code of [0, 2, 64, 75, 78]) assertEquals(final(code), true, `code ${code}`);
  for (const code of [1, 3, 63, 79, 130, 137]) assertEquals(final(code), false, `code ${code}`);
  assertEquals(final(0, "SIGKILL"), false, "a death by signal");
});
