/** Shared fixtures of the rules' tests. */
import type { SystemSnapshot } from "./system_snapshot.ts";

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
