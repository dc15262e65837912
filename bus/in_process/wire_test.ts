import { assert, assertEquals } from "../../tests/assert.ts";
import { analysisBatchOf, candleBatchOf, createMessage } from "../../messages/mod.ts";
import { decodeWire, encodeWire, jsonFrame } from "./wire.ts";

const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
const rows = [0, 1, 2].map((i) => ({
  ...series,
  openTime: 1_700_000_040_000 + i * 60_000,
  open: 1.5 + i,
  high: 3 + i,
  low: 1 + i,
  close: 2 + i,
  volume: i,
}));
const opts = { source: "t", key: "k", now: 1 };

Deno.test("batch columns cross a port as typed arrays and come back as published, nulls included", () => {
  const analyses = createMessage(
    "analysis_batch",
    analysisBatchOf(rows.map((c, i) => ({ ...c, indicators: { sma: i ? c.close : null, z: -0 } }))),
    opts,
  );
  const candles = createMessage("candle_batch", candleBatchOf(rows), opts);
  for (const m of [candles, analyses]) {
    const before = structuredClone(m);
    const wire = encodeWire(m) as { payload: { close: unknown } };
    assert(wire.payload.close instanceof Float64Array, `${m.type} close is not typed`);
    assertEquals(m, before, "the published message is left alone");
    assertEquals(decodeWire(structuredClone(wire)), m);
  }
});

Deno.test("the wire leaves single messages, and malformed batch columns, as they are", () => {
  const candle = createMessage("candle", rows[0]!, opts);
  assertEquals(encodeWire(candle), candle);
  const bad = { ...createMessage("candle_batch", candleBatchOf(rows), opts) };
  const ragged = { ...bad, payload: { ...bad.payload, close: [1, "2", 3] } };
  const wire = encodeWire(ragged) as typeof ragged;
  assertEquals(wire.payload.close, [1, "2", 3]);
  assertEquals(decodeWire(wire), ragged);
  // A NaN is invalid (null is "warming up"): it must not come back as null.
  const analyses = createMessage(
    "analysis_batch",
    analysisBatchOf(rows.map((c) => ({ ...c, indicators: { sma: 1 } }))),
    opts,
  );
  const nan = { ...analyses, payload: { ...analyses.payload, indicators: { sma: [1, NaN, 2] } } };
  const nanWire = encodeWire(nan) as typeof nan;
  assertEquals(nanWire.payload.indicators.sma, [1, NaN, 2]);
  assertEquals(decodeWire(structuredClone(nanWire)), nan);
  assertEquals(decodeWire("text"), "text");
  assertEquals(encodeWire(null), null);
});

Deno.test("over a text link (a process-isolated actor's stdio) a batch comes back as published", () => {
  const analyses = createMessage(
    "analysis_batch",
    analysisBatchOf(rows.map((c, i) => ({ ...c, indicators: { sma: i ? c.close : null } }))),
    opts,
  );
  const frame = { t: "pub", seq: 1, msgs: [encodeWire(analyses)] };
  const back = JSON.parse(jsonFrame(frame)) as typeof frame;
  assertEquals(decodeWire(back.msgs[0]), analyses);
});
