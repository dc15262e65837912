import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { CounterWindow, countInWindow } from "./window.ts";

const MIN = 60_000;

Deno.test("countInWindow counts timestamps after now - window up to now", () => {
  const ts = [0, 1, 5 * MIN, 10 * MIN, 11 * MIN];
  assertEquals(countInWindow(ts, 10 * MIN, 10 * MIN), 3); // 1, 5m, 10m; not 0, not 11m (future)
  assertEquals(countInWindow(ts, 10 * MIN + 1, 10 * MIN), 2);
  assertEquals(countInWindow([], 0, 1), 0);
});

Deno.test("a counter window counts increases within the window and forgets older ones", () => {
  const w = new CounterWindow(10 * MIN);
  w.observe("a", 5, 0); // baseline: what happened before is not counted
  assertEquals(w.count("a", 0), 0);
  w.observe("a", 6, 1 * MIN);
  w.observe("a", 6, 2 * MIN);
  w.observe("a", 8, 3 * MIN);
  assertEquals(w.count("a", 3 * MIN), 3);
  assertEquals(w.count("a", 11 * MIN - 1), 3);
  assertEquals(w.count("a", 11 * MIN), 2);
  assertEquals(w.count("a", 13 * MIN), 0);
  assertEquals(w.count("unknown", 0), 0);
});

Deno.test("a counter that goes down was reset and counts from zero", () => {
  const w = new CounterWindow(MIN);
  w.observe("a", 10, 0);
  w.observe("a", 2, 1_000);
  assertEquals(w.count("a", 1_000), 2);
});

Deno.test("total sums every key, and forget drops one", () => {
  const w = new CounterWindow(MIN);
  for (const k of ["x", "y"]) w.observe(k, 0, 0);
  w.observe("x", 1, 10);
  w.observe("y", 4, 10);
  assertEquals(w.total(10), 5);
  w.forget("y");
  assertEquals(w.total(10), 1);
  assertThrows(() => new CounterWindow(0), "received 0");
});
