import { assert, assertEquals } from "../tests/assert.ts";
import { RestartIntensity } from "./intensity.ts";

Deno.test("restart intensity allows N restarts per period and refuses the next", () => {
  const w = new RestartIntensity(3, 1_000);
  assert(w.record(0) && w.record(100) && w.record(200));
  assertEquals(w.record(300), false);
  // Once the early ones age out of the window, restarts are allowed again.
  assert(w.record(1_250));
  assertEquals(w.count(1_250), 2);
});
