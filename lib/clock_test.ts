import { assert, assertEquals, assertRejects } from "../tests/assert.ts";
import { ManualClock, scaledClock, sleep } from "./clock.ts";

Deno.test("manual clock wakes sleepers only when advanced past their deadline", async () => {
  const clock = new ManualClock(100);
  let woke = false;
  const p = clock.sleep(50).then(() => woke = true);
  clock.advance(49);
  await Promise.resolve();
  assert(!woke);
  clock.advance(1);
  await p;
  assertEquals(clock.now(), 150);
});

Deno.test("scaled clock runs faster than real time", () => {
  let real = 1_000;
  const clock = scaledClock({ start: 0, speed: 60, realNow: () => real });
  real += 1_000;
  assertEquals(clock.now(), 60_000);
});

Deno.test("sleep rejects at once when aborted", async () => {
  const ac = new AbortController();
  const p = sleep(60_000, ac.signal);
  ac.abort(new Error("stop"));
  await assertRejects(() => p, "stop");
});
