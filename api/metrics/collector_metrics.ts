import { timeframeMs } from "../../market/timeframe.ts";
import { candleLagSeconds, type CollectorSeries, collectorSeries } from "./collector_stats.ts";
import { type MetricJson, metricJson } from "./metric_json.ts";

/**
 * The collector's per-series metrics from its `stats()` at `now` (its
 * clock): `candles_ingested_total`, `candle_lag_seconds`,
 * `candle_timeframe_seconds`, `collector_fetch_errors_total`, `collector_rejected_candles_total`,
 * `collector_last_success_age_seconds`, `collector_series_enabled`. Stats
 * without collector series (other actors) give no families.
 *
 * @example
 * ```ts
 * collectorMetricsJson({ series: [] }, Date.now()); // []
 * ```
 */
export function collectorMetricsJson(stats: unknown, now: number): MetricJson[] {
  const series = collectorSeries(stats);
  if (series.length === 0) return [];
  const labels = (s: CollectorSeries) => ({
    exchange: s.series.exchange,
    symbol: s.series.symbol,
    timeframe: s.series.timeframe,
  });
  const family = (
    type: "counter" | "gauge",
    name: string,
    help: string,
    value: (s: CollectorSeries) => number | null,
  ) =>
    metricJson(
      type,
      name,
      help,
      series.flatMap((s) => {
        const v = value(s);
        return v === null ? [] : [{ labels: labels(s), value: v }];
      }),
    );
  return [
    family(
      "counter",
      "candles_ingested_total",
      "Closed candles stored and published, by series (since the collector started).",
      (s) => s.published,
    ),
    family(
      "counter",
      "collector_fetch_errors_total",
      "Failed fetches from the market source, retries included, by series.",
      (s) => s.errors,
    ),
    family(
      "counter",
      "collector_rejected_candles_total",
      "Candles that failed validation and were dropped, by series.",
      (s) => s.rejected,
    ),
    family(
      "gauge",
      "candle_lag_seconds",
      "Seconds since the newest stored candle closed, by the collector's clock, by series.",
      (s) => candleLagSeconds(s, now),
    ),
    // PromQL cannot turn a "5m" label into seconds: this lets a rule compare
    // the lag with the series' own timeframe (StaleData in infra/).
    family(
      "gauge",
      "candle_timeframe_seconds",
      "The series' timeframe in seconds, to read candle_lag_seconds in candles, by series.",
      (s) => timeframeMs(s.series.timeframe) / 1000,
    ),
    family(
      "gauge",
      "collector_last_success_age_seconds",
      "Seconds since the last successful fetch from the market source, by series.",
      (s) => (s.lastSuccessAt === null ? null : Math.max(0, now - s.lastSuccessAt) / 1000),
    ),
    family(
      "gauge",
      "collector_series_enabled",
      "1 while the series is collected, 0 once disabled (e.g. the symbol was delisted).",
      (s) => (s.disabled ? 0 : 1),
    ),
  ];
}
