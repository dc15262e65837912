import { initialStats } from "../../actors/collector/stats.ts";
import { assertEquals } from "../../tests/assert.ts";
import { collectorMetricsJson } from "./collector_metrics.ts";
import type { MetricJson } from "./metric_json.ts";

const samples = (families: MetricJson[], name: string) =>
  families.find((f) => f.name === name)?.values.map((v) => [v.labels.timeframe, v.value]);

Deno.test("each collected series exports its timeframe in seconds beside its candle lag", () => {
  const minute = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
  const fourHours = { ...minute, timeframe: "4h" };
  const now = Date.UTC(2024, 0, 1, 12);
  const families = collectorMetricsJson({
    series: [
      // Closed at 11:59: one minute of lag, one 1m candle.
      { ...initialStats(minute, "binance:BTC/USDT:1m"), lastClosedOpenTime: now - 120_000 },
      // Closed at 08:00: four hours of lag, one 4h candle, not a stale 240 of them.
      { ...initialStats(fourHours, "binance:BTC/USDT:4h"), lastClosedOpenTime: now - 8 * 3600_000 },
    ],
  }, now);
  assertEquals(samples(families, "candle_timeframe_seconds"), [["1m", 60], ["4h", 14_400]]);
  assertEquals(samples(families, "candle_lag_seconds"), [["1m", 60], ["4h", 14_400]]);
  assertEquals(families.find((f) => f.name === "candle_timeframe_seconds")?.type, "gauge");
});

Deno.test("a series with no stored candle yet still exports its timeframe", () => {
  const series = { exchange: "binance", symbol: "ETH/USDT", timeframe: "15m" };
  const families = collectorMetricsJson({ series: [initialStats(series, "k")] }, 0);
  assertEquals(samples(families, "candle_timeframe_seconds"), [["15m", 900]]);
  assertEquals(samples(families, "candle_lag_seconds"), []);
});
