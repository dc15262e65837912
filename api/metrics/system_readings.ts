/**
 * The raw readings the main thread's alerting rules need, gathered from the
 * same sources `/metrics` and `/ready` use: host figures, the performance
 * monitor, the supervisor, the bus and the storage and Redis checks.
 *
 * @module
 */
import type { SystemReadings } from "../../alerting/rules/system_snapshot.ts";
import type { Bus, TopicStats } from "../../bus/types.ts";
import type { PerformanceMonitor } from "../../monitor/performance_monitor.ts";
import { readSystemStats } from "../../monitor/system_stats.ts";
import type { Supervisor } from "../../supervisor/mod.ts";
import { type Check, runChecks } from "../health/checks.ts";
import { withTimeout } from "../health/timeout.ts";

/** Where {@linkcode readSystemReadings} reads from. */
export interface SystemReadingSources {
  supervisor: Pick<Supervisor, "status">;
  bus: Pick<Bus, "stats">;
  monitor: Pick<PerformanceMonitor, "lag" | "heap" | "slowQueries">;
  /** The data directory whose disk is watched: SQLite's; `undefined` with PostgreSQL. */
  dataDir?: string;
  /** The readiness storage check (`storageCheck`). */
  storage: Check;
  /** The readiness Redis check; absent without Redis. */
  redis?: Check;
  /** Deadline of each check and of `bus.stats()`, ms. */
  timeoutMs: number;
}

/**
 * One set of readings at `now`. Never rejects: a bus that does not answer
 * gives `topics: null` (its rules stay silent) and a check that fails or
 * times out reads as unreachable.
 *
 * @example
 * ```ts ignore
 * const readings = await readSystemReadings({ supervisor, bus, monitor, storage: storageCheck(store),
 *   timeoutMs: 2_000 }, Date.now());
 * readings.storageOk; // true
 * ```
 */
export async function readSystemReadings(
  src: SystemReadingSources,
  now: number,
): Promise<SystemReadings> {
  const checks = src.redis ? [src.storage, src.redis] : [src.storage];
  const [report, topics] = await Promise.all([
    runChecks(checks, src.timeoutMs),
    withTimeout(src.bus.stats(), src.timeoutMs, "bus stats").then(
      (t): Readonly<Record<string, TopicStats>> | null => t,
      () => null,
    ),
  ]);
  const ok = (check: Check | undefined) =>
    check ? report.checks.find((c) => c.name === check.name)?.ok ?? false : null;
  const actors = src.supervisor.status();
  const lag = src.monitor.lag.summary();
  // The threads the monitor samples: the main one, and each running actor
  // that has reported its heap.
  const threads = [
    "main",
    ...actors.filter((a) => a.state === "running" && a.lastHeartbeat !== null).map((a) => a.id),
  ];
  return {
    stats: readSystemStats({ dataDir: src.dataDir }),
    // No sample in the window (sampler stopped): unknown, not zero.
    eventLoopLagMs: lag.count > 0 ? lag.maxMs : null,
    actors,
    topics,
    slowQueryCount: src.monitor.slowQueries.count,
    storageOk: ok(src.storage),
    redisOk: ok(src.redis),
    heap: threads.map((actor) => ({ actor, trend: src.monitor.heap.trend(actor, now) })),
  };
}
