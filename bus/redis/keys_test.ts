import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { fnv1a32, partitionOf, RedisBusKeys } from "./keys.ts";

Deno.test("fnv1a32 matches the published FNV-1a test vectors", () => {
  assertEquals(fnv1a32(""), 0x811c9dc5);
  assertEquals(fnv1a32("a"), 0xe40c292c);
  assertEquals(fnv1a32("foobar"), 0xbf9cf968);
});

Deno.test("partitionOf hashes UTF-8 bytes so non-ASCII keys are stable", () => {
  assertEquals(fnv1a32("é"), fnv1a32("\u00e9"));
  assert(partitionOf("€uro", 8) >= 0 && partitionOf("€uro", 8) < 8);
});

Deno.test("partitionOf spreads many keys over every partition", () => {
  const counts = new Array(8).fill(0);
  for (let i = 0; i < 8_000; i++) counts[partitionOf(`binance:SYM${i}/USDT:1m`, 8)]++;
  for (const c of counts) assert(c > 800 && c < 1_200, `uneven spread ${counts}`);
});

Deno.test("partitionOf rejects a partition count that is not a positive integer", () => {
  assertThrows(() => partitionOf("k", 0), "received 0");
  assertThrows(() => partitionOf("k", 1.5), "received 1.5");
});

Deno.test("bus keys all start with the prefix", () => {
  const k = new RedisBusKeys("ct-x");
  for (
    const key of [k.stream("tick", 1), k.lease("g", "tick", 1), k.members("g", "tick"), k.dlq()]
  ) {
    assert(key.startsWith("ct-x:"), key);
  }
  assertEquals(k.stream("candle", 7), "ct-x:stream:candle:7");
});
