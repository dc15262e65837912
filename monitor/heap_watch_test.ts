import { assert, assertEquals } from "../tests/assert.ts";
import { HeapGrowthWatch } from "./heap_watch.ts";

const MIN = 60_000;
const options = { windowMs: 10 * MIN, slices: 10, minSlopeBytesPerSecond: 1024, minR2: 0.8 };

Deno.test("heap growth fires once while the heap rises and resolves once it levels off", () => {
  const watch = new HeapGrowthWatch(options);
  const changes = [];
  let bytes = 50e6;
  // 80 % of the 10-minute window must hold samples before a verdict: ~7-8 min.
  for (let t = 0; t <= 40 * MIN; t += 15_000) {
    if (t <= 20 * MIN) bytes += 1e6; // 4 MB a minute for 20 minutes, then level
    const c = watch.observe("analyzer", bytes, t);
    if (c) changes.push({ t, state: c.alert.state, alert: c.alert });
  }
  assertEquals(changes.map((c) => c.state), ["firing", "resolved"]);
  const [firing, resolved] = changes;
  assert(firing!.t >= 7 * MIN && firing!.t <= 11 * MIN, `fired at ${firing!.t / MIN} min`);
  assert(resolved!.t > 20 * MIN, `resolved at ${resolved!.t / MIN} min`);
  assertEquals(firing!.alert.labels, {
    alertname: "HeapGrowth",
    severity: "warning",
    actor: "analyzer",
  });
  assertEquals(resolved!.alert.startsAt, firing!.t);
  assertEquals(resolved!.alert.endsAt, resolved!.t);
  assertEquals(watch.firing, []);
});

Deno.test("heap growth is judged per thread, and a reset resolves a firing alert", () => {
  const watch = new HeapGrowthWatch(options);
  let fired = 0;
  for (let t = 0; t <= 12 * MIN; t += 15_000) {
    if (watch.observe("leaky", 50e6 + t * 50, t)) fired++;
    assertEquals(watch.observe("steady", 50e6 + (t % MIN) * 100, t), null);
  }
  assertEquals(fired, 1);
  assertEquals(watch.firing, ["leaky"]);
  const change = watch.reset("leaky", 12 * MIN + 1);
  assertEquals(change?.alert.state, "resolved");
  assertEquals(watch.firing, []);
  assertEquals(watch.trend("leaky", 12 * MIN + 1), null);
});
