/**
 * Reading the collector actor's `stats()` (it crosses a thread or process as
 * plain data, so it is checked, not trusted) and what metrics and readiness
 * derive from it.
 *
 * @module
 */
import type { SeriesStats } from "../../actors/collector/stats.ts";
import { timeframeMs } from "../../market/timeframe.ts";

/** The fields of a collector series' stats that metrics and health read. */
export type CollectorSeries = Pick<
  SeriesStats,
  | "series"
  | "key"
  | "mode"
  | "lastClosedOpenTime"
  | "lastSuccessAt"
  | "errors"
  | "rejected"
  | "gaps"
  | "corrections"
  | "published"
  | "disabled"
>;

const isNumberOrNull = (v: unknown) => v === null || typeof v === "number";

function isSeries(v: unknown): v is CollectorSeries {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  const series = s.series as Record<string, unknown> | null;
  return typeof series === "object" && series !== null && typeof series.exchange === "string" &&
    typeof series.symbol === "string" && typeof series.timeframe === "string" &&
    typeof s.key === "string" && isNumberOrNull(s.lastClosedOpenTime) &&
    isNumberOrNull(s.lastSuccessAt) && typeof s.published === "number" &&
    typeof s.errors === "number" && typeof s.disabled === "boolean";
}

/**
 * The series in an actor's stats when it is a collector (`{ series: [...] }`),
 * else an empty list.
 *
 * @example
 * ```ts
 * collectorSeries({ series: 3 }); // [] (the analyzer's stats)
 * ```
 */
export function collectorSeries(stats: unknown): CollectorSeries[] {
  const list = (stats as { series?: unknown } | null | undefined)?.series;
  return Array.isArray(list) ? list.filter(isSeries) : [];
}

/**
 * Seconds from the close of the newest stored candle to `now` (the
 * collector's clock): about 0 just after a candle closes, one timeframe just
 * before the next. `null` before the first candle.
 *
 * @example
 * ```ts
 * const s = { series: { exchange: "x", symbol: "A/B", timeframe: "1m" }, lastClosedOpenTime: 0 };
 * candleLagSeconds(s, 90_000); // 30: the 00:00 candle closed at 00:01
 * ```
 */
export function candleLagSeconds(
  s: Pick<CollectorSeries, "series" | "lastClosedOpenTime">,
  now: number,
): number | null {
  if (s.lastClosedOpenTime === null) return null;
  const closedAt = s.lastClosedOpenTime + timeframeMs(s.series.timeframe);
  return Math.max(0, now - closedAt) / 1000;
}
