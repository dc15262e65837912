import { assertEquals } from "../../tests/assert.ts";
import { InFlight } from "./in_flight.ts";
import { type BrokerEntry, Mailbox } from "./mailbox.ts";

const box = new Mailbox({ capacity: 100, overflow: "block" });
const entry = (id: string): BrokerEntry => ({
  id,
  topic: "candle",
  message: { id },
  attempt: 1,
  at: 0,
  weight: 1,
});
const ids = (held: InFlight) => [...held.values()].map((h) => h.entry.id);

Deno.test("deliveries get increasing tags and settle in any order, oldest first in between", () => {
  const held = new InFlight();
  const tags = ["a", "b", "c", "d"].map((id) => held.add(entry(id), box));
  assertEquals(tags, [1, 2, 3, 4]);
  assertEquals(held.settle(2)?.entry.id, "b");
  assertEquals([held.size, held.oldestTag(), ids(held)], [3, 1, ["a", "c", "d"]]);
  assertEquals(held.settle(2), undefined, "a tag settles once");
  assertEquals(held.get(2), undefined);
  assertEquals(held.settle(1)?.entry.id, "a");
  // The gap left by "b" closed with "a": "c" is the oldest now.
  assertEquals([held.oldestTag(), ids(held)], [3, ["c", "d"]]);
  assertEquals(held.add(entry("e"), box), 5);
  assertEquals(held.get(4)?.box, box);
  for (const tag of [0, -1, 99, 3.5, NaN]) assertEquals(held.get(tag), undefined, String(tag));
  // A tag from a malformed ack frame matches nothing, though "4" - 1 would be 3.
  assertEquals(held.settle("4" as unknown as number), undefined);
  assertEquals(held.size, 3);
});

Deno.test("the ring grows past its first size, wrapped or not, and keeps every delivery", () => {
  const held = new InFlight();
  let next = 0;
  // Wrap the ring first: settle the first ten, then hold 40 at once.
  for (let i = 0; i < 10; i++) held.add(entry(`w${i}`), box);
  for (let tag = 1; tag <= 10; tag++) held.settle(tag);
  assertEquals([held.size, held.oldestTag()], [0, undefined]);
  for (; next < 40; next++) held.add(entry(`m${next}`), box);
  assertEquals(ids(held), Array.from({ length: 40 }, (_, i) => `m${i}`));
  assertEquals(held.get(11)?.entry.id, "m0");
  assertEquals(held.get(50)?.entry.id, "m39");
  for (let tag = 50; tag >= 11; tag--) assertEquals(held.settle(tag)?.entry.id, `m${tag - 11}`);
  assertEquals([held.size, held.oldestTag(), ids(held)], [0, undefined, []]);
  assertEquals(held.add(entry("after"), box), 51);
});
