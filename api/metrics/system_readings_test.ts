import { actorStatus } from "../../tests/actor_status.ts";
import { createInProcessBus } from "../../bus/in_process/mod.ts";
import { createMessage } from "../../messages/mod.ts";
import { PerformanceMonitor } from "../../monitor/performance_monitor.ts";
import { openStore } from "../../store/mod.ts";
import type { ActorStatus } from "../../supervisor/status.ts";
import { assert, assertEquals } from "../../tests/assert.ts";
import { redisCheck } from "../health/redis.ts";
import { storageCheck } from "../health/storage.ts";
import { readSystemReadings } from "./system_readings.ts";

function actor(id: string, o: Partial<ActorStatus>): ActorStatus {
  return actorStatus({ id, lastHeartbeat: Date.now(), heapBytes: 20e6, ...o });
}

/** A port nothing listens on: opened, then closed. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

Deno.test("system readings gather the host, monitor, actors, bus and the readiness checks", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "ct-readings-" });
  const store = await openStore({ dataDir });
  const transport = createInProcessBus();
  const bus = transport.connect();
  const monitor = new PerformanceMonitor({ heaps: () => [] });
  try {
    await bus.declare("analyzer", ["candle"]);
    await bus.publish(createMessage("alert", {
      labels: { alertname: "X" },
      annotations: {},
      state: "firing",
      startsAt: 0,
    }, { source: "test", key: "k", now: 0 }));
    monitor.lag.record({ at: performance.now(), lagMs: 321 });
    monitor.slowQueries.hook("candles.range", 9);
    const actors = [
      actor("analyzer", {}),
      actor("strategy", { state: "restarting", lastHeartbeat: null }),
      actor("collector", { state: "failed", restarts: 4, restartsByReason: { crash: 4 } }),
    ];
    const now = Date.now();
    const r = await readSystemReadings({
      supervisor: { status: () => actors },
      bus,
      monitor,
      dataDir,
      storage: storageCheck(() => store),
      redis: redisCheck(`redis://127.0.0.1:${closedPort()}`, 500),
      timeoutMs: 1_000,
    }, now);
    assertEquals(r.storageOk, true);
    assertEquals(r.redisOk, false);
    assertEquals(r.eventLoopLagMs, 321);
    assertEquals(r.slowQueryCount, 1);
    assertEquals(r.actors, actors);
    assertEquals(r.topics?.alert?.published, 1);
    assertEquals(r.stats.disk?.path, dataDir);
    assert(r.stats.host.memoryTotalBytes > 0);
    // The main thread and the running actors that reported a heap; no samples yet.
    assertEquals(r.heap, [{ actor: "main", trend: null }, { actor: "analyzer", trend: null }]);
  } finally {
    await monitor.stop();
    await bus.close();
    await store.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("a bus that does not answer and a failing storage read as unknown and unreachable", async () => {
  const monitor = new PerformanceMonitor({ heaps: () => [] });
  const started = Date.now();
  const r = await readSystemReadings({
    supervisor: { status: () => [] },
    // A bus that never answers, as one cut off mid-request.
    bus: { stats: () => new Promise(() => {}) },
    monitor,
    storage: { name: "storage", run: () => Promise.reject(new Error("connection refused")) },
    timeoutMs: 100,
  }, Date.now());
  assert(Date.now() - started < 1_000, "the readings wait at most the timeout");
  assertEquals(r.topics, null);
  assertEquals(r.storageOk, false);
  assertEquals(r.redisOk, null, "no Redis configured");
  assertEquals(r.eventLoopLagMs, null, "no lag sample yet");
  assertEquals(r.stats.disk, undefined, "no data directory with PostgreSQL");
  await monitor.stop();
});
