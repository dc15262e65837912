import { assert, assertEquals } from "../../tests/assert.ts";
import { type BrokerEntry, Mailbox } from "./mailbox.ts";

const entry = (id: string, weight: number): BrokerEntry => ({
  id,
  topic: "candle",
  message: {},
  attempt: 1,
  at: 0,
  weight,
});

Deno.test("a blocking mailbox counts a batch's rows against its bound", async () => {
  const box = new Mailbox({ capacity: 10, overflow: "block" });
  assertEquals(box.offer(entry("a", 6)), null);
  let admitted = false;
  const waiting = box.offer(entry("b", 6))!.then(() => admitted = true);
  assert(waiting instanceof Promise);
  assertEquals(box.load, 12);
  const a = box.take()!;
  await Promise.resolve();
  assertEquals(admitted, false, "a taken, unsettled batch still holds its room");
  box.settle(a);
  await waiting;
  assertEquals([box.queue.length, box.load], [1, 6]);
});

Deno.test("a batch heavier than the whole bound waits only for an empty mailbox", async () => {
  const box = new Mailbox({ capacity: 10, overflow: "block" });
  assertEquals(box.offer(entry("small", 1)), null);
  const heavy = box.offer(entry("heavy", 25));
  assert(heavy, "parked behind the entry held");
  box.settle(box.take()!);
  await heavy;
  assertEquals(box.queue.peek()?.id, "heavy");
  const after = box.offer(entry("after", 1));
  assert(after, "nothing more fits while the heavy batch is held");
  const taken = box.take()!;
  box.requeueFront(taken);
  assertEquals(box.load, 26, "a requeued batch keeps its weight");
  box.settle(box.take()!);
  await after;
});
