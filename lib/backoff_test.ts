import { assert, assertEquals } from "../tests/assert.ts";
import { backoffDelay } from "./backoff.ts";
import { RestartIntensity } from "./intensity.ts";

const opts = { initialMs: 100, maxMs: 3_000 };

Deno.test("restart delay doubles per consecutive restart and stays within its cap", () => {
  const lows = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, opts, 0));
  assertEquals(lows, [50, 100, 200, 400, 800, 1500, 1500]);
  assertEquals(backoffDelay(7, opts, 1), 3000);
});

Deno.test("restart delay jitter spreads between half and all of the base", () => {
  for (let i = 0; i < 100; i++) {
    const r = Math.random();
    const d = backoffDelay(3, opts, r);
    assert(d >= 200 && d <= 400, `delay ${d} out of range`);
  }
});

Deno.test("restart intensity allows N restarts per period and refuses the next", () => {
  const w = new RestartIntensity(3, 1_000);
  assert(w.record(0) && w.record(100) && w.record(200));
  assertEquals(w.record(300), false);
  // Once the early ones age out of the window, restarts are allowed again.
  assert(w.record(1_250));
  assertEquals(w.count(1_250), 2);
});
