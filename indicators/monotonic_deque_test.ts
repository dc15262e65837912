import { assertEquals } from "../tests/assert.ts";
import { MonotonicDeque } from "./monotonic_deque.ts";

Deno.test("monotonic deque tracks the window max and min like a full scan, ties included", () => {
  // Small integers make ties frequent, the case where eviction order matters.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 9;
  for (const period of [1, 2, 5, 14]) {
    const max = new MonotonicDeque(period, "max");
    const min = new MonotonicDeque(period, "min");
    const values: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const v = next();
      values.push(v);
      max.push(v);
      min.push(v);
      const window = values.slice(Math.max(0, i - period + 1));
      assertEquals(max.extreme(), Math.max(...window), `max(${period}) at ${i}`);
      assertEquals(min.extreme(), Math.min(...window), `min(${period}) at ${i}`);
    }
  }
});

Deno.test("monotonic deque reports NaN before the first value", () => {
  assertEquals(new MonotonicDeque(3, "max").extreme(), NaN);
});
