import { assert, assertEquals } from "../tests/assert.ts";
import { backoffDelay } from "./backoff.ts";

const opts = { initialMs: 100, maxMs: 3_000 };

Deno.test("backoff delay doubles per consecutive attempt and stays within its cap", () => {
  const lows = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, opts, 0));
  assertEquals(lows, [50, 100, 200, 400, 800, 1500, 1500]);
  assertEquals(backoffDelay(7, opts, 1), 3000);
});

Deno.test("backoff delay jitter spreads between half and all of the base", () => {
  for (let i = 0; i < 100; i++) {
    const r = Math.random();
    const d = backoffDelay(3, opts, r);
    assert(d >= 200 && d <= 400, `delay ${d} out of range`);
  }
});
