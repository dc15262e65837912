import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import { EventLoopLagSampler, summarizeLag } from "./event_loop_lag.ts";

Deno.test("lag summary keeps only the window and takes the nearest-rank p99", () => {
  const samples = Array.from(
    { length: 200 },
    (_, i) => ({ at: i * 10, lagMs: i === 150 ? 90 : 1 }),
  );
  samples.push({ at: -5_000, lagMs: 500 }); // outside the window
  const s = summarizeLag(samples, 1_990, 2_000);
  assertEquals(s.count, 200);
  assertEquals(s.maxMs, 90);
  assertEquals(s.p99Ms, 1);
  assertEquals(summarizeLag([], 0, 1_000), { count: 0, maxMs: 0, p99Ms: 0, meanMs: 0 });
  assertEquals(summarizeLag([{ at: 5, lagMs: 3 }, { at: 6, lagMs: 5 }], 6, 10).meanMs, 4);
});

Deno.test("event-loop lag sampler detects a 100 ms block of the thread", async () => {
  const sampler = new EventLoopLagSampler({ intervalMs: 10, windowMs: 5_000 });
  sampler.start();
  try {
    await new Promise((r) => setTimeout(r, 200));
    const idle = sampler.summary();
    assert(idle.count >= 5, `only ${idle.count} samples in 200 ms`);
    const until = performance.now() + 100;
    while (performance.now() < until) { /* block the loop */ }
    await new Promise((r) => setTimeout(r, 50));
    const blocked = sampler.summary();
    assert(blocked.maxMs >= 85, `max lag ${blocked.maxMs} ms after a 100 ms block`);
    assert(blocked.maxMs < 400, `max lag ${blocked.maxMs} ms is more than the block`);
  } finally {
    sampler.stop();
  }
  assertEquals(sampler.running, false);
});

Deno.test("event-loop lag sampler keeps a bounded ring of samples", () => {
  let now = 0;
  const sampler = new EventLoopLagSampler({ intervalMs: 10, windowMs: 100, now: () => now });
  for (let i = 0; i < 1_000; i++) sampler.record({ at: now = i * 10, lagMs: i });
  const s = sampler.summary();
  assert(s.count <= 11, `ring kept ${s.count}`);
  assertEquals(s.maxMs, 999);
  assertThrows(() => new EventLoopLagSampler({ intervalMs: 0 }), "intervalMs");
});
