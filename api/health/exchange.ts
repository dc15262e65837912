import { timeframeMs } from "../../market/timeframe.ts";
import { type CollectorSeries, collectorSeries } from "../metrics/collector_stats.ts";
import type { Check } from "./checks.ts";

/** What the exchange check reads: the collector's stats and its clock at that moment. */
export interface CollectorReading {
  /** The collector's clock (simulated under `--source sim`), epoch ms. */
  now: number;
  stats: unknown;
}

/**
 * Series whose last successful fetch is too old at `now`: more than
 * `factor` timeframes, and at least `minMs`. A disabled series (the exchange
 * dropped the symbol) is not the exchange's fault and is skipped; a series
 * that never succeeded yet is stale.
 *
 * @example
 * ```ts
 * const s = { key: "x:A/B:1m", series: { exchange: "x", symbol: "A/B", timeframe: "1m" },
 *   lastSuccessAt: 0, disabled: false };
 * staleSeries([s], 200_000, { factor: 2, minMs: 60_000 }); // ["x:A/B:1m last succeeded 200 s ago"]
 * ```
 */
export function staleSeries(
  series: readonly Pick<CollectorSeries, "key" | "series" | "lastSuccessAt" | "disabled">[],
  now: number,
  options: { factor: number; minMs: number },
): string[] {
  const out: string[] = [];
  for (const s of series) {
    if (s.disabled) continue;
    const limit = Math.max(options.minMs, options.factor * timeframeMs(s.series.timeframe));
    if (s.lastSuccessAt === null) out.push(`${s.key} has not fetched successfully yet`);
    else if (now - s.lastSuccessAt > limit) {
      out.push(`${s.key} last succeeded ${Math.round((now - s.lastSuccessAt) / 1000)} s ago`);
    }
  }
  return out;
}

/**
 * Readiness of the market source: every enabled series of the collector
 * fetched successfully within two timeframes (at least a minute), by the
 * collector's own clock.
 *
 * @example
 * ```ts ignore
 * const check = exchangeCheck(async () => ({ now: Date.now(), stats: collectorStats }));
 * ```
 */
export function exchangeCheck(
  read: () => Promise<CollectorReading | undefined>,
  options: { factor: number; minMs: number } = { factor: 2, minMs: 60_000 },
): Check {
  return {
    name: "exchange",
    async run() {
      const reading = await read();
      if (!reading) throw new Error("the collector did not report its stats");
      const series = collectorSeries(reading.stats);
      if (series.length === 0) throw new Error("the collector reported no series");
      const stale = staleSeries(series, reading.now, options);
      if (stale.length > 0) throw new Error(stale.join("; "));
      const enabled = series.filter((s) => !s.disabled).length;
      if (enabled === 0) throw new Error("every series of the collector is disabled");
      return { detail: `${enabled} series fetched recently` };
    },
  };
}
