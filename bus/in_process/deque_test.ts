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
