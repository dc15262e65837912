import { assert, assertEquals, assertStringIncludes } from "../tests/assert.ts";
import {
  analysesOf,
  analysisBatchOf,
  type Candle,
  candleAt,
  candleBatchOf,
  createMessage,
  parseMessage,
  topicOf,
  topics,
  weightOf,
} from "./mod.ts";

const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
const candles: Candle[] = [0, 1, 2].map((i) => ({
  ...series,
  openTime: i * 60_000,
  open: 100 + i,
  high: 102 + i,
  low: 99 + i,
  close: 101 + i,
  volume: 10 * i,
}));
const opts = { source: "t", key: "binance:BTC/USDT:1m", now: 1 };

Deno.test("a candle batch round-trips its candles and passes validation", () => {
  const batch = candleBatchOf(candles);
  assertEquals(candles.map((_, i) => candleAt(batch, i)), candles);
  const msg = createMessage("candle_batch", batch, opts);
  const r = parseMessage(msg);
  assert(r.ok);
  assertEquals(r.message, msg);
});

Deno.test("an analysis batch round-trips its analyses, warming-up nulls included", () => {
  const analyses = candles.map((c, i) => ({ ...c, indicators: { sma: i ? c.close : null } }));
  const batch = analysisBatchOf(analyses);
  assertEquals(analysesOf(batch), analyses);
  assert(parseMessage(createMessage("analysis_batch", batch, opts)).ok);
});

Deno.test("batch validation names the column and row at fault", () => {
  const batch = candleBatchOf(candles);
  const cases: [unknown, string][] = [
    [{ ...batch, close: [1, 2] }, "payload.close: must have one value per openTime"],
    [{ ...batch, openTime: [0, 120_000, 60_000] }, "payload.openTime.2: must be ascending"],
    [{ ...batch, high: [102, 50, 104] }, "payload.high.1: must be >= low"],
    [{ ...batch, volume: [1, -1, 2] }, "payload.volume.1"],
    [{ ...batch, open: [1, NaN, 2] }, "payload.open.1"],
    [
      { ...series, ...Object.fromEntries(Object.keys(batch).slice(3).map((k) => [k, []])) },
      "payload.openTime",
    ],
  ];
  for (const [payload, error] of cases) {
    const r = parseMessage({ ...createMessage("candle_batch", batch, opts), payload });
    assert(!r.ok, `accepted ${JSON.stringify(payload)}`);
    assertStringIncludes(r.error, error);
  }
  const analyses = analysisBatchOf(candles.map((c) => ({ ...c, indicators: { sma: 1 } })));
  const ragged = parseMessage(
    createMessage("analysis_batch", { ...analyses, indicators: { sma: [1] } }, opts),
  );
  assert(!ragged.ok);
  assertStringIncludes(ragged.error, "payload.indicators.sma: must have one value per openTime");
});

Deno.test("a batch travels on the topic of what it batches and weighs its rows", () => {
  assertEquals(topicOf("candle_batch"), "candle");
  assertEquals(topicOf("analysis_batch"), "analysis");
  assertEquals(topicOf("signal"), "signal");
  assert(!(topics as readonly string[]).includes("candle_batch"));
  assertEquals(weightOf(createMessage("candle_batch", candleBatchOf(candles), opts)), 3);
  assertEquals(weightOf(createMessage("candle", candles[0]!, opts)), 1);
  assertEquals(weightOf({ type: "candle_batch", payload: { openTime: "x" } }), 1);
  assertEquals(weightOf(null), 1);
});
