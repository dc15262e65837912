/**
 * Heap samples per thread and the `HeapGrowth` alert's lifecycle: firing once
 * when a heap starts growing steadily, resolved once it stops.
 *
 * @module
 */
import type { Alert } from "../messages/mod.ts";
import {
  defaultHeapTrendOptions,
  type HeapSample,
  type HeapTrend,
  heapTrend,
  type HeapTrendOptions,
} from "./heap_trend.ts";

/** A change of the alert's state for one thread, ready to publish. */
export interface HeapAlertChange {
  key: string;
  trend: HeapTrend | null;
  alert: Alert;
}

/**
 * Keeps a window of heap samples per key (`main`, or an actor's name) and
 * turns {@linkcode heapTrend} verdicts into alert transitions. Time is passed
 * in, so synthetic series can be replayed.
 *
 * @example
 * ```ts
 * const watch = new HeapGrowthWatch({ windowMs: 60_000, slices: 6, minSlopeBytesPerSecond: 1e3,
 *   minR2: 0.8, minCoverage: 0.8 });
 * for (let t = 0; t <= 60_000; t += 5_000) {
 *   const change = watch.observe("analyzer", 50e6 + t * 10, t);
 *   if (change) console.log(change.alert.state); // "firing", once
 * }
 * ```
 */
export class HeapGrowthWatch {
  readonly #o: HeapTrendOptions;
  readonly #samples = new Map<string, HeapSample[]>();
  readonly #firing = new Map<string, number>();

  constructor(options: Partial<HeapTrendOptions> = {}) {
    this.#o = { ...defaultHeapTrendOptions, ...options };
  }

  /** Keys whose alert is firing. */
  get firing(): string[] {
    return [...this.#firing.keys()];
  }

  /** The latest verdict for `key` at `now`, without recording anything. */
  trend(key: string, now: number): HeapTrend | null {
    return heapTrend(this.#samples.get(key) ?? [], now, this.#o);
  }

  /**
   * Records a sample and returns the alert to publish when the verdict
   * changed: `firing` on a new steady rise, `resolved` when it ended.
   */
  observe(key: string, bytes: number, now: number): HeapAlertChange | null {
    let list = this.#samples.get(key);
    if (!list) this.#samples.set(key, list = []);
    list.push({ at: now, bytes });
    const from = now - this.#o.windowMs;
    let drop = 0;
    while (drop < list.length && list[drop]!.at < from) drop++;
    if (drop > 0) list.splice(0, drop);

    const trend = heapTrend(list, now, this.#o);
    const since = this.#firing.get(key);
    if (trend?.growing && since === undefined) {
      this.#firing.set(key, now);
      return { key, trend, alert: this.#alert(key, trend, "firing", now, now) };
    }
    if (!trend?.growing && since !== undefined) {
      this.#firing.delete(key);
      return { key, trend, alert: this.#alert(key, trend, "resolved", since, now) };
    }
    return null;
  }

  /**
   * Forgets a key's samples (its thread restarted: the old heap says nothing
   * of the new one). A firing alert resolves with the returned change.
   */
  reset(key: string, now: number): HeapAlertChange | null {
    this.#samples.delete(key);
    const since = this.#firing.get(key);
    if (since === undefined) return null;
    this.#firing.delete(key);
    return { key, trend: null, alert: this.#alert(key, null, "resolved", since, now) };
  }

  #alert(
    key: string,
    trend: HeapTrend | null,
    state: "firing" | "resolved",
    startsAt: number,
    now: number,
  ): Alert {
    const minutes = Math.round(this.#o.windowMs / 60_000);
    const summary = trend && state === "firing"
      ? `${key} heap grows ${
        formatRate(trend.slopeBytesPerSecond)
      } steadily over ${minutes} min (R² ${trend.r2.toFixed(2)}): a probable leak`
      : `${key} heap no longer grows steadily`;
    return {
      labels: { alertname: "HeapGrowth", severity: "warning", actor: key },
      annotations: { summary },
      state,
      startsAt,
      ...(state === "resolved" ? { endsAt: now } : {}),
    };
  }
}

function formatRate(bytesPerSecond: number): string {
  return `${(bytesPerSecond * 60 / (1024 * 1024)).toFixed(1)} MiB/min`;
}
