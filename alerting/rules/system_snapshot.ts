/**
 * What the system and application rules read: a small snapshot of what the
 * main thread's supervisor, bus, monitor and health checks know, and a pure
 * builder that turns their raw readings (cumulative counters, CPU times)
 * into it.
 *
 * @module
 */
import type { TopicStats } from "../../bus/types.ts";
import type { HeapTrend } from "../../monitor/heap_trend.ts";
import type { SystemStats } from "../../monitor/system_stats.ts";
import type { ActorStatus } from "../../supervisor/status.ts";
import { CounterWindow } from "./window.ts";

/** An actor's state as the rules see it; `down` = running but its heartbeat is overdue. */
export type ActorRuleStatus = "running" | "restarting" | "failed" | "stopped" | "down";

/** One actor. */
export interface ActorHealth {
  name: string;
  status: ActorRuleStatus;
  /** Restarts (not operator- or sibling-caused) within the restart-storm window. */
  restartsInWindow: number;
  /** Memory-watchdog recycles within the recycle window. */
  watchdogRecycles: number;
}

/** One queue of the bus. */
export interface BusQueue {
  topic: string;
  /** Consumer group; `null` when the figure is summed over groups (`bus.stats()` today). */
  group: string | null;
  /** Messages waiting or in flight. */
  backlog: number;
  /** Age of the oldest message not yet handled, ms (`TopicStats.oldestAgeMs`); `null` when none. */
  lagMs: number | null;
}

/** Heap-trend verdict of one thread (`main` or an actor). */
export interface ThreadHeap {
  actor: string;
  growing: boolean;
  slopeBytesPerMin: number;
}

/**
 * Input of the system and application rules. `null` means "not known": the
 * rules that read it stay silent.
 *
 * @example
 * ```ts
 * const s: SystemSnapshot = {
 *   cpuPercent: 12, memoryPercent: 40, diskFreePercent: 70, eventLoopLagMs: 3,
 *   actors: [], bus: [], deadLettersInWindow: 0, storageOk: true, redisOk: null,
 *   slowQueriesInWindow: 0, heapGrowth: [],
 * };
 * ```
 */
export interface SystemSnapshot {
  /** Host CPU busy, 0..100, between two `readSystemStats()` (all cores). */
  cpuPercent: number | null;
  /** Host memory used, 0..100: `1 - memoryAvailableBytes / memoryTotalBytes`. */
  memoryPercent: number | null;
  /** Space available on the data directory's file system, 0..100 (`null` with PostgreSQL). */
  diskFreePercent: number | null;
  /** Main thread's worst lag over the sampler window: `monitor.lag.summary().maxMs`. */
  eventLoopLagMs: number | null;
  /** From `supervisor.status()`. */
  actors: ActorHealth[];
  /** From `bus.stats()`: one queue per topic (summed over groups). */
  bus: BusQueue[];
  /** Increase of `bus.stats()[topic].deadLettered`, summed, within the dead-letter window. */
  deadLettersInWindow: number;
  /** Result of the readiness storage check (`storageCheck`). */
  storageOk: boolean | null;
  /** Result of the readiness Redis PING; `null` without Redis. */
  redisOk: boolean | null;
  /** Increase of `monitor.slowQueries.count` within the slow-query window. */
  slowQueriesInWindow: number;
  /** `monitor.heap.trend(key, now)` for `main` and each running actor. */
  heapGrowth: ThreadHeap[];
}

/** The raw readings {@linkcode SystemSnapshotter} needs, each named after its source. */
export interface SystemReadings {
  /** `readSystemStats({ dataDir })` (`dataDir` only with SQLite). */
  stats: SystemStats;
  /** `monitor.lag.summary().maxMs`. */
  eventLoopLagMs: number | null;
  /** `supervisor.status()`. */
  actors: readonly ActorStatus[];
  /** `await bus.stats()`, or `null` when it failed or timed out. */
  topics: Readonly<Record<string, TopicStats>> | null;
  /** `monitor.slowQueries.count`. */
  slowQueryCount: number;
  storageOk: boolean | null;
  redisOk: boolean | null;
  /** `{ actor: key, trend: monitor.heap.trend(key, now) }` for each thread. */
  heap: readonly { actor: string; trend: HeapTrend | null }[];
}

/** Windows of {@linkcode SystemSnapshotter}: the rule settings' `windowMs`. */
export interface SnapshotWindows {
  restartWindowMs: number;
  recycleWindowMs: number;
  deadLetterWindowMs: number;
  slowQueryWindowMs: number;
  /** The supervisor's: a running actor silent for longer is `down`. */
  heartbeatTimeoutMs: number;
}

/**
 * Builds snapshots from successive readings: keeps the previous CPU times
 * and the counter windows, so call it once per evaluation cycle.
 *
 * @example
 * ```ts ignore
 * const snapper = new SystemSnapshotter({ restartWindowMs: 600_000, recycleWindowMs: 600_000,
 *   deadLetterWindowMs: 300_000, slowQueryWindowMs: 300_000, heartbeatTimeoutMs: 10_000 });
 * const snapshot = snapper.snapshot({ stats: readSystemStats({ dataDir }), ... }, Date.now());
 * const changes = evaluator.evaluate(snapshot, Date.now());
 * ```
 */
export class SystemSnapshotter {
  readonly #w: SnapshotWindows;
  readonly #restarts: CounterWindow;
  readonly #recycles: CounterWindow;
  readonly #deadLetters: CounterWindow;
  readonly #slow: CounterWindow;
  #prev?: SystemStats;

  constructor(windows: SnapshotWindows) {
    this.#w = windows;
    this.#restarts = new CounterWindow(windows.restartWindowMs);
    this.#recycles = new CounterWindow(windows.recycleWindowMs);
    this.#deadLetters = new CounterWindow(windows.deadLetterWindowMs);
    this.#slow = new CounterWindow(windows.slowQueryWindowMs);
  }

  /** The snapshot at `now`. */
  snapshot(r: SystemReadings, now: number): SystemSnapshot {
    const cpuPercent = this.#prev ? hostCpuPercent(this.#prev, r.stats) : null;
    this.#prev = r.stats;
    const actors = r.actors.map((a): ActorHealth => {
      const by = a.restartsByReason;
      this.#restarts.observe(a.id, a.restarts - (by.manual ?? 0) - (by.sibling ?? 0), now);
      this.#recycles.observe(a.id, by.memory ?? 0, now);
      return {
        name: a.id,
        status: actorRuleStatus(a, now, this.#w.heartbeatTimeoutMs),
        restartsInWindow: this.#restarts.count(a.id, now),
        watchdogRecycles: this.#recycles.count(a.id, now),
      };
    });
    const bus: BusQueue[] = [];
    for (const [topic, s] of Object.entries(r.topics ?? {})) {
      this.#deadLetters.observe(topic, s.deadLettered, now);
      bus.push({ topic, group: null, backlog: s.backlog, lagMs: s.oldestAgeMs });
    }
    this.#slow.observe("all", r.slowQueryCount, now);
    return {
      cpuPercent,
      memoryPercent: memoryPercent(r.stats),
      diskFreePercent: diskFreePercent(r.stats),
      eventLoopLagMs: r.eventLoopLagMs,
      actors,
      bus,
      deadLettersInWindow: this.#deadLetters.total(now),
      storageOk: r.storageOk,
      redisOk: r.redisOk,
      slowQueriesInWindow: this.#slow.count("all", now),
      heapGrowth: r.heap.flatMap(({ actor, trend }) =>
        trend
          ? [{ actor, growing: trend.growing, slopeBytesPerMin: trend.slopeBytesPerSecond * 60 }]
          : []
      ),
    };
  }
}

/**
 * Host CPU busy share, 0..100, between two readings; `null` when no CPU time
 * passed (the same reading twice).
 *
 * @example
 * ```ts ignore
 * hostCpuPercent(before, readSystemStats()); // e.g. 23.5
 * ```
 */
export function hostCpuPercent(prev: SystemStats, cur: SystemStats): number | null {
  const sum = (s: SystemStats) => {
    const c = s.host.cpuSeconds;
    return { total: c.user + c.nice + c.system + c.idle + c.irq, idle: c.idle };
  };
  const a = sum(prev), b = sum(cur);
  const total = b.total - a.total;
  if (!(total > 0)) return null;
  return Math.min(100, Math.max(0, 100 * (1 - (b.idle - a.idle) / total)));
}

/**
 * Host memory in use, 0..100; `null` when the total is unknown.
 *
 * @example
 * ```ts ignore
 * memoryPercent(readSystemStats()); // e.g. 41.2
 * ```
 */
export function memoryPercent(stats: SystemStats): number | null {
  const { memoryTotalBytes: total, memoryAvailableBytes: available } = stats.host;
  return total > 0 ? 100 * (1 - available / total) : null;
}

/**
 * Space available to this process on the data directory's file system,
 * 0..100; `null` without a disk reading.
 *
 * @example
 * ```ts ignore
 * diskFreePercent(readSystemStats({ dataDir: "data" })); // e.g. 63
 * ```
 */
export function diskFreePercent(stats: SystemStats): number | null {
  const d = stats.disk;
  return d && d.totalBytes > 0 ? 100 * d.availableBytes / d.totalBytes : null;
}

/**
 * The rules' view of a supervisor status: `starting` counts as
 * `restarting`, and a running actor whose heartbeat is older than
 * `heartbeatTimeoutMs` is `down` (hung, before the supervisor acts).
 *
 * @example
 * ```ts ignore
 * actorRuleStatus(supervisor.status()[0], Date.now(), 10_000); // "running"
 * ```
 */
export function actorRuleStatus(
  s: Pick<ActorStatus, "state" | "lastHeartbeat">,
  now: number,
  heartbeatTimeoutMs: number,
): ActorRuleStatus {
  switch (s.state) {
    case "starting":
    case "restarting":
      return "restarting";
    case "running":
      return s.lastHeartbeat !== null && now - s.lastHeartbeat > heartbeatTimeoutMs
        ? "down"
        : "running";
    default:
      return s.state;
  }
}
