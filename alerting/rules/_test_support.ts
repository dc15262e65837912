/** Shared fixtures of the rules' tests. */
import type { SystemStats } from "../../monitor/system_stats.ts";
import type { SystemReadings, SystemSnapshot } from "./system_snapshot.ts";

/** A healthy system's snapshot, with `overrides`. */
export function healthy(overrides: Partial<SystemSnapshot> = {}): SystemSnapshot {
  return {
    cpuPercent: 10,
    memoryPercent: 30,
    diskFreePercent: 60,
    eventLoopLagMs: 2,
    actors: [{ name: "analyzer", status: "running", restartsInWindow: 0, watchdogRecycles: 0 }],
    bus: [{ topic: "candle", group: null, backlog: 0, lagMs: 0 }],
    deadLettersInWindow: 0,
    storageOk: true,
    redisOk: true,
    slowQueriesInWindow: 0,
    heapGrowth: [{ actor: "main", growing: false, slopeBytesPerMin: 0 }],
    ...overrides,
  };
}

/** System stats with the host's CPU times at `busy` and `idle` seconds (2 cores, 8 GB, half free). */
export function quietStats(busy = 0, idle = 0): SystemStats {
  return {
    process: {
      cpuUserSeconds: 0,
      cpuSystemSeconds: 0,
      residentBytes: 0,
      heapUsedBytes: 0,
      heapTotalBytes: 0,
      externalBytes: 0,
      startTimeSeconds: 0,
    },
    host: {
      cpus: 2,
      cpuSeconds: { user: busy, nice: 0, system: 0, idle, irq: 0 },
      load: { "1m": 0, "5m": 0, "15m": 0 },
      memoryTotalBytes: 8e9,
      memoryAvailableBytes: 4e9,
    },
  };
}

/** Readings of a quiet process, with `overrides`. */
export function quietReadings(overrides: Partial<SystemReadings> = {}): SystemReadings {
  return {
    stats: quietStats(),
    eventLoopLagMs: 2,
    actors: [],
    topics: {},
    slowQueryCount: 0,
    storageOk: true,
    redisOk: null,
    heap: [],
    ...overrides,
  };
}
