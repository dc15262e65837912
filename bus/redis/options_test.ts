import { assertEquals, assertStringIncludes, assertThrows } from "../../tests/assert.ts";
import { resolveRedisBusOptions } from "./options.ts";

Deno.test("resolved options apply the documented defaults", () => {
  const o = resolveRedisBusOptions({ url: "redis://127.0.0.1:6379", prefix: "ct" });
  assertEquals(
    [o.partitions, o.leaseMs, o.claimIdleMs, o.blockMs, o.batchSize, o.maxAttempts],
    [8, 10_000, 15_000, 2_000, 300, 5],
  );
  assertEquals(o.policies.tick.overflow, "drop-oldest");
});

Deno.test("resolving options names the bad option and the value received", () => {
  const base = { url: "redis://127.0.0.1:6379", prefix: "ct" };
  assertStringIncludes(
    assertThrows(() => resolveRedisBusOptions({ ...base, partitions: 0 })).message,
    "partitions must be a positive integer, received 0",
  );
  assertStringIncludes(
    assertThrows(() => resolveRedisBusOptions({ ...base, url: "http://x:pw@h" })).message,
    "http://x:***@h",
  );
  assertThrows(() => resolveRedisBusOptions({ ...base, prefix: "a*" }), "prefix");
  assertThrows(
    () =>
      resolveRedisBusOptions({ ...base, policies: { tick: { capacity: 0, overflow: "block" } } }),
    "policies.tick.capacity",
  );
});
