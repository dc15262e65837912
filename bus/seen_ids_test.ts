import { assert, assertEquals } from "../tests/assert.ts";
import { SeenIds } from "./seen_ids.ts";

Deno.test("seen ids keep the newest ids up to capacity and evict the oldest first", () => {
  const seen = new SeenIds(3);
  for (const id of ["a", "b", "c", "d"]) seen.add(id);
  assertEquals(["a", "b", "c", "d"].map((id) => seen.has(id)), [false, true, true, true]);
  seen.add("b"); // already there: no eviction, no reordering
  assert(seen.has("c"));
  seen.add("e");
  assertEquals(["b", "c", "d", "e"].map((id) => seen.has(id)), [false, true, true, true]);
});

Deno.test("seen ids stay exact over many wraps of the ring", () => {
  const seen = new SeenIds(100);
  for (let i = 0; i < 10_000; i++) seen.add(`m${i}`);
  for (let i = 0; i < 10_000; i++) assertEquals(seen.has(`m${i}`), i >= 9_900, `m${i}`);
});
