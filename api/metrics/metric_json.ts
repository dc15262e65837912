/**
 * Metrics kept as plain numbers and written in the shape of prom-client's
 * `getMetricsAsJSON()`, for actors: no prom-client in their threads (it adds
 * ~30 ms to every actor start), a few additions per message, and the main
 * thread's `AggregatorRegistry` merges the JSON like any registry's.
 *
 * @module
 */

/** One sample of a {@linkcode MetricJson}. */
export interface MetricJsonValue {
  value: number;
  labels: Record<string, string | number>;
  /** For histograms: the `_bucket`, `_sum` or `_count` series name. */
  metricName?: string;
}

/** One metric family as `getMetricsAsJSON()` writes it. */
export interface MetricJson {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  values: MetricJsonValue[];
  aggregator: "sum";
}

/**
 * A counter or gauge family from its samples.
 *
 * @example
 * ```ts
 * metricJson("gauge", "temp_celsius", "Temperature.", [{ labels: { room: "a" }, value: 21 }]);
 * ```
 */
export function metricJson(
  type: "counter" | "gauge",
  name: string,
  help: string,
  values: { labels: Record<string, string>; value: number }[],
): MetricJson {
  return { name, help, type, values, aggregator: "sum" };
}

/**
 * Counts by label set.
 *
 * @example
 * ```ts
 * const t = new Tally<"side">();
 * t.inc({ side: "buy" });
 * t.json("signals_total", "Signals.");
 * ```
 */
export class Tally<L extends string> {
  readonly #counts = new Map<string, { labels: Record<L, string>; value: number }>();

  /** Adds `n` (default 1) to the label set's count. */
  inc(labels: Record<L, string>, n = 1): void {
    this.child(labels).value += n;
  }

  /** The label set's count itself, to add to without a lookup per event. */
  child(labels: Record<L, string>): { value: number } {
    const key = Object.values(labels).join("\u0000");
    let hit = this.#counts.get(key);
    if (!hit) this.#counts.set(key, hit = { labels, value: 0 });
    return hit;
  }

  /** The counter family. */
  json(name: string, help: string): MetricJson {
    return metricJson("counter", name, help, [...this.#counts.values()]);
  }
}

/**
 * A histogram by label set; `le` is inclusive, as in Prometheus.
 *
 * @example
 * ```ts
 * const h = new BucketTally<"operation">([0.01, 0.1]);
 * h.observe({ operation: "ping" }, 0.004);
 * h.json("db_query_duration_seconds", "Query time.");
 * ```
 */
export class BucketTally<L extends string> {
  readonly #series = new Map<
    string,
    { labels: Record<L, string>; counts: Float64Array; sum: number; count: number }
  >();

  constructor(readonly bounds: readonly number[]) {}

  /** Records one observation. */
  observe(labels: Record<L, string>, value: number): void {
    this.child(labels).observe(value);
  }

  /** The label set's series, to observe into without a lookup per event. */
  child(labels: Record<L, string>): { observe(value: number): void } {
    const key = Object.values(labels).join("\u0000");
    let s = this.#series.get(key);
    if (!s) {
      s = { labels, counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.#series.set(key, s);
    }
    const series = s, bounds = this.bounds;
    return {
      observe(value: number) {
        let i = 0;
        while (i < bounds.length && value > bounds[i]!) i++;
        series.counts[i]!++;
        series.sum += value;
        series.count++;
      },
    };
  }

  /** The histogram family: cumulative `_bucket`s up to `+Inf`, `_sum` and `_count`. */
  json(name: string, help: string): MetricJson {
    const values: MetricJsonValue[] = [];
    for (const s of this.#series.values()) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += s.counts[i]!;
        values.push({
          value: cumulative,
          metricName: `${name}_bucket`,
          labels: { le, ...s.labels },
        });
      });
      values.push({
        value: s.count,
        metricName: `${name}_bucket`,
        labels: { le: "+Inf", ...s.labels },
      });
      values.push({ value: s.sum, metricName: `${name}_sum`, labels: { ...s.labels } });
      values.push({ value: s.count, metricName: `${name}_count`, labels: { ...s.labels } });
    }
    return { name, help, type: "histogram", values, aggregator: "sum" };
  }
}
