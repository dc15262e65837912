import { assertEquals } from "../../tests/assert.ts";
import { Deque } from "./deque.ts";

Deno.test("deque keeps FIFO order across compaction and front re-insertion", () => {
  const q = new Deque<number>();
  for (let i = 0; i < 5000; i++) q.push(i);
  for (let i = 0; i < 3000; i++) assertEquals(q.shift(), i);
  q.unshift(2999);
  assertEquals(q.length, 2001);
  assertEquals(q.shift(), 2999);
  assertEquals(q.peek(), 3000);
  for (let i = 3000; i < 5000; i++) assertEquals(q.shift(), i);
  assertEquals(q.shift(), undefined);
  q.unshift(7);
  assertEquals(q.shift(), 7);
});

Deno.test("deque grows while wrapped around and keeps order at every size", () => {
  const q = new Deque<number>();
  let next = 0;
  let expect = 0;
  // Keep the ring wrapped while it grows: take two for every three put.
  for (let round = 0; round < 200; round++) {
    q.push(next++);
    q.push(next++);
    q.push(next++);
    assertEquals(q.shift(), expect++);
    assertEquals(q.shift(), expect++);
  }
  q.unshift(-1);
  assertEquals(q.length, 201);
  assertEquals(q.shift(), -1);
  while (q.length > 0) assertEquals(q.shift(), expect++);
  assertEquals([expect, q.peek(), q.shift()], [next, undefined, undefined]);
});
