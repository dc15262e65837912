import type { Logger } from "@logtape/logtape";
import { AggregatorRegistry, type Registry } from "prom-client";

/** Just enough of a `getMetricsAsJSON()` entry to be merged safely. */
function looksLikeMetric(m: unknown): boolean {
  const o = m as { name?: unknown; type?: unknown; values?: unknown } | null;
  return typeof o === "object" && o !== null && typeof o.name === "string" &&
    typeof o.type === "string" && Array.isArray(o.values);
}

/**
 * The Prometheus text of the main registry merged with the actors'
 * registries (each as `getMetricsAsJSON()` output, from its own thread or
 * process). Series with the same name and labels are summed, as
 * `AggregatorRegistry` does for cluster workers; entries that are not metric
 * objects are dropped with a warning.
 *
 * @example
 * ```ts
 * import { Counter, Registry } from "prom-client";
 * const main = new Registry();
 * new Counter({ name: "up_total", help: "h", registers: [main] }).inc();
 * const text = await renderMetrics(main, [[]]); // "# HELP up_total h\n..."
 * ```
 */
export async function renderMetrics(
  main: Registry,
  actors: readonly unknown[][],
  log?: Logger,
): Promise<string> {
  const sets: unknown[][] = [await main.getMetricsAsJSON()];
  for (const metrics of actors) {
    const good = metrics.filter(looksLikeMetric);
    if (good.length < metrics.length) {
      log?.warn("dropped {n} malformed actor metrics", { n: metrics.length - good.length });
    }
    sets.push(good);
  }
  return await AggregatorRegistry.aggregate(sets as object[]).metrics();
}
