/**
 * The performance monitor of one process: the main thread's event-loop lag,
 * the slow-query log, and heap-trend leak detection over the main thread and
 * every actor. The `HeapGrowth` rule (alerting/rules) alerts from
 * `heap.trend()`; the monitor itself only logs when a trend starts or ends.
 *
 * @module
 */
import { getLogger, type Logger } from "@logtape/logtape";
import type { Alert } from "../messages/mod.ts";
import { type EventLoopLagOptions, EventLoopLagSampler } from "./event_loop_lag.ts";
import type { HeapTrendOptions } from "./heap_trend.ts";
import { type HeapAlertChange, HeapGrowthWatch } from "./heap_watch.ts";
import { SlowQueryLog, type SlowQueryLogOptions } from "./slow_queries.ts";

/** One thread's heap as the monitor samples it. */
export interface HeapReading {
  /** `main`, or an actor's name. */
  key: string;
  bytes: number;
  /**
   * Changes when the thread is replaced (an actor's restart count): the
   * samples of the previous incarnation are dropped.
   */
  generation?: number;
}

/** Options of {@linkcode PerformanceMonitor}. */
export interface PerformanceMonitorOptions {
  /** The heaps to watch, read every `heapSampleMs`. */
  heaps: () => HeapReading[];
  /** How often heaps are sampled. Default 15 s. */
  heapSampleMs?: number;
  heapTrend?: Partial<HeapTrendOptions>;
  lag?: Omit<EventLoopLagOptions, "now">;
  slowQueries?: Omit<SlowQueryLogOptions, "logger" | "now">;
  /** Epoch-ms clock of the samples. Default `Date.now`. */
  now?: () => number;
  /** Default `getLogger(["ct", "monitor"])`. */
  logger?: Logger;
}

/**
 * Runs the samplers; `stop()` ends every timer.
 *
 * @example
 * ```ts ignore
 * const monitor = new PerformanceMonitor({
 *   heaps: () => [{ key: "main", bytes: Deno.memoryUsage().heapUsed }],
 * });
 * monitor.start();
 * monitor.lag.summary().maxMs;
 * monitor.heap.trend("main", Date.now())?.growing;
 * await monitor.stop();
 * ```
 */
export class PerformanceMonitor {
  readonly lag: EventLoopLagSampler;
  readonly heap: HeapGrowthWatch;
  readonly slowQueries: SlowQueryLog;
  readonly heapSampleMs: number;
  readonly #o: PerformanceMonitorOptions;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #generations = new Map<string, number>();
  #timer?: ReturnType<typeof setInterval>;

  constructor(options: PerformanceMonitorOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#log = options.logger ?? getLogger(["ct", "monitor"]);
    this.heapSampleMs = options.heapSampleMs ?? 15_000;
    this.lag = new EventLoopLagSampler(options.lag);
    this.heap = new HeapGrowthWatch(options.heapTrend);
    this.slowQueries = new SlowQueryLog({
      ...options.slowQueries,
      logger: this.#log.getChild("db"),
      now: this.#now,
    });
  }

  /** Starts the lag sampler and the heap sampling timer. */
  start(): void {
    this.lag.start();
    if (this.#timer !== undefined) return;
    this.#timer = setInterval(() => this.sampleHeaps(), this.heapSampleMs);
    Deno.unrefTimer(this.#timer as unknown as number);
  }

  /** Stops every timer. */
  stop(): Promise<void> {
    this.lag.stop();
    clearInterval(this.#timer);
    this.#timer = undefined;
    return Promise.resolve();
  }

  /**
   * Takes one heap sample of every thread now (the timer's work); returns
   * the trends that started or ended, as `HeapGrowth` firing/resolved
   * alerts, for the log.
   */
  sampleHeaps(): Alert[] {
    const now = this.#now();
    const changes: HeapAlertChange[] = [];
    let readings: HeapReading[];
    try {
      readings = this.#o.heaps();
    } catch (e) {
      this.#log.warn("heap readings failed: {error}", { error: String(e) });
      return [];
    }
    for (const r of readings) {
      const gen = r.generation ?? 0;
      const seen = this.#generations.get(r.key);
      if (seen !== undefined && seen !== gen) {
        const change = this.heap.reset(r.key, now);
        if (change) changes.push(change);
      }
      this.#generations.set(r.key, gen);
      const change = this.heap.observe(r.key, r.bytes, now);
      if (change) changes.push(change);
    }
    for (const c of changes) this.#logChange(c);
    return changes.map((c) => c.alert);
  }

  #logChange(change: HeapAlertChange): void {
    const { alert } = change;
    if (alert.state === "firing") {
      this.#log.warn("{summary}", { summary: alert.annotations.summary, actor: change.key });
    } else this.#log.info("{summary}", { summary: alert.annotations.summary, actor: change.key });
  }
}
