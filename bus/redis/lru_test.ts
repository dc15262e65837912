import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { RecentIds } from "./lru.ts";

Deno.test("recent ids evict the least recently seen id beyond capacity", () => {
  const seen = new RecentIds(3);
  for (const id of ["a", "b", "c"]) seen.add(id);
  assert(seen.has("a")); // "a" is now the most recent, so "b" goes next
  seen.add("d");
  assertEquals([seen.has("a"), seen.has("b"), seen.has("c"), seen.has("d")], [
    true,
    false,
    true,
    true,
  ]);
  assertEquals(seen.size, 3);
});

Deno.test("recent ids reject a capacity below one", () => {
  assertThrows(() => new RecentIds(0), "received 0");
});
