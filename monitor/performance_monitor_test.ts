import { assertEquals } from "../tests/assert.ts";
import type { Alert } from "../messages/mod.ts";
import { PerformanceMonitor } from "./performance_monitor.ts";

Deno.test("performance monitor raises HeapGrowth for a leaking actor and drops it on restart", async () => {
  let now = Date.UTC(2024, 0, 1);
  const published: Alert[] = [];
  let leaky = { bytes: 40e6, generation: 0 };
  const monitor = new PerformanceMonitor({
    heaps: () => [
      { key: "main", bytes: 30e6 + (now % 60_000) * 10 },
      { key: "analyzer", ...leaky },
    ],
    publishAlert: (a) => {
      published.push(a);
      return Promise.resolve();
    },
    heapTrend: { windowMs: 10 * 60_000, slices: 10, minSlopeBytesPerSecond: 4096 },
    now: () => now,
  });
  for (let i = 0; i < 60; i++) {
    now += 15_000;
    leaky = { ...leaky, bytes: leaky.bytes + 1e6 };
    monitor.sampleHeaps();
  }
  assertEquals(published.map((a) => [a.labels.actor, a.state]), [["analyzer", "firing"]]);
  leaky = { bytes: 40e6, generation: 1 }; // the memory watchdog restarted it
  now += 15_000;
  const alerts = monitor.sampleHeaps();
  assertEquals(alerts.map((a) => [a.labels.actor, a.state]), [["analyzer", "resolved"]]);
  await monitor.stop();
});
