import { actorStatus } from "../../tests/actor_status.ts";
import { assertEquals } from "../../tests/assert.ts";
import type { TopicStats } from "../../bus/types.ts";
import type { SystemStats } from "../../monitor/system_stats.ts";
import type { ActorStatus } from "../../supervisor/status.ts";
import {
  actorRuleStatus,
  diskFreePercent,
  hostCpuPercent,
  memoryPercent,
  type SystemReadings,
  SystemSnapshotter,
} from "./system_snapshot.ts";
import { quietStats } from "./_test_support.ts";

const MIN = 60_000;

function stats(busy: number, idle: number): SystemStats {
  const base = quietStats(busy, idle);
  return {
    ...base,
    host: { ...base.host, memoryAvailableBytes: 2e9 },
    disk: { path: "data", totalBytes: 100e9, freeBytes: 12e9, availableBytes: 7e9 },
  };
}

function status(restarts: number, byReason: Record<string, number>, o: Partial<ActorStatus> = {}) {
  return actorStatus({ restarts, restartsByReason: byReason, ...o });
}

function topic(deadLettered: number, backlog = 0, oldestAgeMs: number | null = null): TopicStats {
  return { published: 0, consumed: 0, deadLettered, dropped: 0, backlog, oldestAgeMs };
}

function readings(o: Partial<SystemReadings>): SystemReadings {
  return {
    stats: stats(0, 0),
    eventLoopLagMs: 3,
    actors: [],
    topics: {},
    slowQueryCount: 0,
    storageOk: true,
    redisOk: null,
    heap: [],
    ...o,
  };
}

const windows = {
  restartWindowMs: 10 * MIN,
  recycleWindowMs: 10 * MIN,
  deadLetterWindowMs: 5 * MIN,
  slowQueryWindowMs: 5 * MIN,
  heartbeatTimeoutMs: 10_000,
};

Deno.test("host figures come from CPU-time deltas, available memory and available disk", () => {
  assertEquals(hostCpuPercent(stats(100, 100), stats(175, 125)), 75);
  assertEquals(hostCpuPercent(stats(1, 1), stats(1, 1)), null);
  assertEquals(memoryPercent(stats(0, 0)), 75);
  assertEquals(diskFreePercent(stats(0, 0)), 7);
  assertEquals(diskFreePercent({ ...stats(0, 0), disk: undefined }), null);
});

Deno.test("the snapshotter reports CPU from the second reading on", () => {
  const snapper = new SystemSnapshotter(windows);
  assertEquals(snapper.snapshot(readings({ stats: stats(10, 10) }), 0).cpuPercent, null);
  assertEquals(snapper.snapshot(readings({ stats: stats(20, 40) }), 15_000).cpuPercent, 25);
});

Deno.test("restarts count within the window, leaving out manual and sibling restarts", () => {
  const snapper = new SystemSnapshotter(windows);
  const at = (t: number, restarts: number, by: Record<string, number>) =>
    snapper.snapshot(readings({ actors: [status(restarts, by)] }), t).actors[0]!;
  assertEquals(at(0, 0, {}).restartsInWindow, 0);
  assertEquals(at(1 * MIN, 2, { crash: 2 }).restartsInWindow, 2);
  assertEquals(at(2 * MIN, 4, { crash: 2, manual: 1, sibling: 1 }).restartsInWindow, 2);
  const later = at(3 * MIN, 5, { crash: 2, manual: 1, sibling: 1, memory: 1 });
  assertEquals([later.restartsInWindow, later.watchdogRecycles], [3, 1]);
  const aged = at(11 * MIN, 5, { crash: 2, manual: 1, sibling: 1, memory: 1 });
  assertEquals([aged.restartsInWindow, aged.watchdogRecycles], [1, 1]);
  assertEquals(at(13 * MIN, 5, { crash: 2, manual: 1, sibling: 1, memory: 1 }).restartsInWindow, 0);
});

Deno.test("dead letters and slow queries count their increase within the window; bus lag is the oldest message's age", () => {
  const snapper = new SystemSnapshotter(windows);
  snapper.snapshot(readings({ topics: { candle: topic(4) }, slowQueryCount: 7 }), 0);
  const s = snapper.snapshot(
    readings({ topics: { candle: topic(5), signal: topic(0, 12, 4_500) }, slowQueryCount: 9 }),
    MIN,
  );
  assertEquals([s.deadLettersInWindow, s.slowQueriesInWindow], [1, 2]);
  assertEquals(s.bus, [
    { topic: "candle", group: null, backlog: 0, lagMs: null },
    { topic: "signal", group: null, backlog: 12, lagMs: 4_500 },
  ]);
  const aged = snapper.snapshot(
    readings({ topics: { candle: topic(5) }, slowQueryCount: 9 }),
    6 * MIN,
  );
  assertEquals([aged.deadLettersInWindow, aged.slowQueriesInWindow], [0, 0]);
});

Deno.test("heap trends become per-thread verdicts in bytes per minute; a thread without one is left out", () => {
  const snapper = new SystemSnapshotter(windows);
  const s = snapper.snapshot(
    readings({
      heap: [
        { actor: "main", trend: null },
        {
          actor: "analyzer",
          trend: { slopeBytesPerSecond: 1_000, r2: 0.9, points: 12, growing: true },
        },
      ],
    }),
    0,
  );
  assertEquals(s.heapGrowth, [{ actor: "analyzer", growing: true, slopeBytesPerMin: 60_000 }]);
});

Deno.test("an actor starting counts as restarting, and a running one with an overdue heartbeat as down", () => {
  assertEquals(
    actorRuleStatus({ state: "starting", lastHeartbeat: null }, 0, 10_000),
    "restarting",
  );
  assertEquals(
    actorRuleStatus({ state: "running", lastHeartbeat: null }, 99_000, 10_000),
    "running",
  );
  assertEquals(actorRuleStatus({ state: "running", lastHeartbeat: 0 }, 10_000, 10_000), "running");
  assertEquals(actorRuleStatus({ state: "running", lastHeartbeat: 0 }, 10_001, 10_000), "down");
  assertEquals(actorRuleStatus({ state: "failed", lastHeartbeat: 0 }, 0, 10_000), "failed");
});
