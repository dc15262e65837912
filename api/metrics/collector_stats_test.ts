import { assertEquals } from "../../tests/assert.ts";
import { initialStats } from "../../actors/collector/stats.ts";
import { candleLagSeconds, collectorSeries } from "./collector_stats.ts";

const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "5m" };

Deno.test("collector series are read from real collector stats and anything else is ignored", () => {
  const s = { ...initialStats(series, "binance:BTC/USDT:5m"), lastClosedOpenTime: 0 };
  assertEquals(collectorSeries({ series: [s] }), [s]);
  assertEquals(collectorSeries({ series: 3 }), []); // the analyzer's stats
  assertEquals(collectorSeries({ signals: 1 }), []);
  assertEquals(collectorSeries(undefined), []);
  assertEquals(collectorSeries({ series: [{ key: "x" }, s, null] }), [s]);
});

Deno.test("candle lag counts from the close of the newest stored candle", () => {
  const s = { series, lastClosedOpenTime: 600_000 }; // 00:10, closed at 00:15
  assertEquals(candleLagSeconds(s, 900_000), 0);
  assertEquals(candleLagSeconds(s, 960_000), 60);
  assertEquals(candleLagSeconds(s, 800_000), 0); // a clock behind the candle never goes negative
  assertEquals(candleLagSeconds({ series, lastClosedOpenTime: null }, 1), null);
});
