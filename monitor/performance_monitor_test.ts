import { assertEquals } from "../tests/assert.ts";
import type { Alert } from "../messages/mod.ts";
import { PerformanceMonitor } from "./performance_monitor.ts";

Deno.test("performance monitor sees a leaking actor's heap grow and drops its trend on restart", async () => {
  let now = Date.UTC(2024, 0, 1);
  const changes: Alert[] = [];
  let leaky = { bytes: 40e6, generation: 0 };
  const monitor = new PerformanceMonitor({
    heaps: () => [
      { key: "main", bytes: 30e6 + (now % 60_000) * 10 },
      { key: "analyzer", ...leaky },
    ],
    heapTrend: { windowMs: 10 * 60_000, slices: 10, minSlopeBytesPerSecond: 4096 },
    now: () => now,
  });
  for (let i = 0; i < 60; i++) {
    now += 15_000;
    leaky = { ...leaky, bytes: leaky.bytes + 1e6 };
    changes.push(...monitor.sampleHeaps());
  }
  assertEquals(changes.map((a) => [a.labels.actor, a.state]), [["analyzer", "firing"]]);
  assertEquals(monitor.heap.trend("analyzer", now)?.growing, true);
  assertEquals(monitor.heap.trend("main", now)?.growing ?? false, false);
  leaky = { bytes: 40e6, generation: 1 }; // the memory watchdog restarted it
  now += 15_000;
  const alerts = monitor.sampleHeaps();
  assertEquals(alerts.map((a) => [a.labels.actor, a.state]), [["analyzer", "resolved"]]);
  assertEquals(monitor.heap.trend("analyzer", now), null);
  await monitor.stop();
});
