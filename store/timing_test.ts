import { getLogger } from "@logtape/logtape";
import { assert, assertEquals, assertRejects } from "../tests/assert.ts";
import { createTimed } from "./timing.ts";
import type { StoreOperation } from "./types.ts";

const logger = getLogger(["ct", "store", "test"]);

Deno.test("timed reports successes and failures under their operation name", async () => {
  const seen: [StoreOperation, number][] = [];
  const timed = createTimed((op, seconds) => seen.push([op, seconds]), logger);
  assertEquals(await timed("ping", () => 42), 42);
  await assertRejects(
    () =>
      timed("candles.upsert", async () => {
        await new Promise((r) => setTimeout(r, 20));
        throw new Error("boom");
      }),
    "boom",
  );
  assertEquals(seen.map(([op]) => op), ["ping", "candles.upsert"]);
  assert(seen[1]![1] >= 0.015, `a 20 ms failure reported ${seen[1]![1]} s`);
});

Deno.test("a throwing onQuery hook does not fail the measured call", async () => {
  const timed = createTimed(() => {
    throw new Error("metrics broke");
  }, logger);
  assertEquals(await timed("wallet.get", () => "ok"), "ok");
});

Deno.test("timed runs the function synchronously before its first await", () => {
  let ran = false;
  const timed = createTimed(() => {}, logger);
  const pending = timed("ping", () => {
    ran = true;
  });
  assert(ran, "fn must run in the caller's tick (SQLite transactions rely on it)");
  return pending;
});
