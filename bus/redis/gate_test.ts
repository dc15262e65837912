import { assert, assertEquals } from "../../tests/assert.ts";
import { BackpressureGate } from "./gate.ts";

function gateWith(backlogs: number[], capacity: number) {
  let now = 0;
  const reads: number[] = [];
  const gate = new BackpressureGate({
    capacity,
    intervalMs: 50,
    clock: () => now,
    readBacklog: () => {
      const v = backlogs.shift() ?? 0;
      reads.push(v);
      return Promise.resolve(v);
    },
    onError: () => {},
  });
  return { gate, reads, advance: (ms: number) => (now += ms) };
}

Deno.test("the gate admits up to capacity on top of the backlog it read", async () => {
  const { gate, reads } = gateWith([1], 5);
  // The first take starts a read before taking, so the 3 slots count on top of what it returns.
  const taken = [gate.tryTake(), gate.tryTake(), gate.tryTake()];
  await gate.changed();
  assertEquals(taken, [true, true, true]);
  assertEquals(reads, [1]);
  assertEquals([gate.tryTake(), gate.tryTake()], [true, false]);
  gate.close();
});

Deno.test("the gate reads the backlog at most once per interval and reopens when it drains", async () => {
  const { gate, reads, advance } = gateWith([0, 2, 0], 2);
  assert(gate.tryTake());
  assert(gate.tryTake());
  assert(!gate.tryTake(), "full on its own count before any read landed");
  await gate.changed();
  assert(!gate.tryTake(), "no new read inside the interval");
  assertEquals(reads.length, 1);
  advance(50);
  await gate.changed(); // reads 2: still full
  assert(!gate.tryTake());
  advance(50);
  await gate.changed(); // reads 0: drained
  assert(gate.tryTake());
  assertEquals(reads, [0, 2, 0]);
  gate.close();
});

Deno.test("closing the gate releases its waiters", async () => {
  const { gate, advance } = gateWith([5, 5], 1);
  gate.tryTake();
  await gate.changed();
  advance(10);
  const waiting = gate.changed();
  gate.close();
  await waiting;
  assert(gate.closed);
});
