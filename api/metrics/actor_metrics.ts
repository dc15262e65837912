/**
 * The metrics an actor keeps in its own thread or process: what it published
 * and handled on the bus, its event-loop lag, its store's query times, and
 * what its `stats()` say (the collector's per-series figures). The
 * supervisor asks for them at scrape time and the main thread merges them
 * into `/metrics`. Plain tallies, no prom-client: see `metric_json.ts`.
 *
 * @module
 */
import { wrapBus } from "../../bus/wrap.ts";
import type { BatchHandler, Bus, Handler } from "../../bus/types.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Message } from "../../messages/mod.ts";
import { type EventLoopLagOptions, EventLoopLagSampler } from "../../monitor/event_loop_lag.ts";
import { SlowQueryLog } from "../../monitor/slow_queries.ts";
import { type QueryHook, STORE_OPERATIONS } from "../../store/types.ts";
import { queryDurationBuckets } from "./buckets.ts";
import { BusFlows } from "./bus_flows.ts";
import { collectorMetricsJson } from "./collector_metrics.ts";
import { BucketTally, type MetricJson, metricJson, Tally } from "./metric_json.ts";

/** Options of {@linkcode ActorMetrics}. */
export interface ActorMetricsOptions {
  /** The actor's name: the `actor` label. */
  name: string;
  /** The actor's clock: candle lag is measured against it. */
  clock: Clock;
  /** The actor's `stats()`, read at scrape time. */
  stats: () => Record<string, unknown> | undefined;
  /** The actor's own metric families, read at scrape time. */
  extra?: () => MetricJson[];
  lag?: Omit<EventLoopLagOptions, "now">;
  /** Store operations at least this slow are logged and counted. Default 0.5 s. */
  slowQuerySeconds?: number;
}

/**
 * One actor's tallies and lag sampler, and a bus wrapper that counts.
 *
 * @example
 * ```ts ignore
 * const metrics = new ActorMetrics({ name: "analyzer", clock, stats: () => actor?.stats?.() });
 * metrics.start();
 * const bus = metrics.observeBus(rawBus); // give this one to the actor
 * const families = metrics.json(); // for the supervisor
 * metrics.stop();
 * ```
 */
export class ActorMetrics {
  readonly lag: EventLoopLagSampler;
  readonly flows: BusFlows;
  readonly slowQueries: SlowQueryLog;
  /**
   * The `onQuery` hook for the actor's store: `db_query_duration_seconds`,
   * `db_slow_queries_total` and the slow-query log, from this thread.
   */
  readonly onQuery: QueryHook;
  readonly #o: ActorMetricsOptions;
  readonly #queries = new BucketTally<"operation">(queryDurationBuckets);
  readonly #slow = new Tally<"operation">();

  constructor(options: ActorMetricsOptions) {
    this.#o = options;
    this.lag = new EventLoopLagSampler(options.lag);
    this.flows = new BusFlows(options.name);
    // Slow counts start at 0 so the first slow query is an increase.
    for (const operation of STORE_OPERATIONS) this.#slow.inc({ operation }, 0);
    this.slowQueries = new SlowQueryLog({
      thresholdSeconds: options.slowQuerySeconds,
      onSlow: (q) => this.#slow.inc({ operation: q.operation }),
      now: () => options.clock.now(),
    });
    this.onQuery = (operation, seconds) => {
      this.#queries.observe({ operation }, seconds);
      this.slowQueries.hook(operation, seconds);
    };
  }

  /** Starts the lag sampler. */
  start(): void {
    this.lag.start();
  }

  /** Stops the lag sampler. */
  stop(): void {
    this.lag.stop();
  }

  /** Every family now, in `getMetricsAsJSON()`'s shape, for the main thread to merge. */
  json(): MetricJson[] {
    const actor = this.#o.name;
    const lag = this.lag.summary();
    let stats: unknown;
    let extra: MetricJson[] = [];
    try {
      stats = this.#o.stats();
      extra = this.#o.extra?.() ?? [];
    } catch {
      stats = undefined;
    }
    return [
      ...this.flows.json(),
      metricJson(
        "gauge",
        "actor_event_loop_lag_seconds",
        "Worst event-loop delay of the actor's thread over the sampling window, seconds.",
        [{ labels: { actor }, value: lag.maxMs / 1000 }],
      ),
      metricJson(
        "gauge",
        "actor_event_loop_lag_p99_seconds",
        "99th percentile of the actor's event-loop delay over the sampling window, seconds.",
        [{ labels: { actor }, value: lag.p99Ms / 1000 }],
      ),
      this.#queries.json(
        "db_query_duration_seconds",
        "Store operation duration by operation, seconds.",
      ),
      this.#slow.json(
        "db_slow_queries_total",
        "Store operations over the slow-query threshold, by operation.",
      ),
      ...collectorMetricsJson(stats, this.#o.clock.now()),
      ...extra,
    ];
  }

  /**
   * Wraps a bus so every publish and every handled delivery is counted. The
   * handler's result is passed through unchanged (a synchronous handler
   * stays synchronous), so the transport's behaviour does not change.
   */
  observeBus(bus: Bus): Bus {
    return wrapBus(bus, {
      publish: (publish) => async (message) => {
        await publish(message);
        this.flows.published(message);
      },
      handler: (h) => this.#wrap(h),
      batch: (h) => this.#wrapBatch(h),
    });
  }

  /**
   * Counts each message of a batch that succeeded, with an equal share of
   * the batch's time. A failed batch counts nothing: its messages are then
   * handed to the (counted) single-message handler.
   */
  #wrapBatch(handler: BatchHandler): BatchHandler {
    const done = (messages: readonly Message[], start: number) => {
      const each = (performance.now() - start) / 1000 / messages.length;
      for (const m of messages) this.flows.handled(m, each, true);
    };
    return async (messages, info) => {
      const start = performance.now();
      await handler(messages, info);
      done(messages, start);
    };
  }

  #wrap(handler: Handler): Handler {
    const done = (message: Message, start: number, ok: boolean) =>
      this.flows.handled(message, (performance.now() - start) / 1000, ok);
    return (message, info) => {
      const start = performance.now();
      let result;
      try {
        result = handler(message, info);
      } catch (e) {
        done(message, start, false);
        throw e;
      }
      if (result instanceof Promise) {
        return result.then(
          () => done(message, start, true),
          (e) => {
            done(message, start, false);
            throw e;
          },
        );
      }
      done(message, start, true);
    };
  }
}
