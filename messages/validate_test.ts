import { assert, assertEquals, assertStringIncludes } from "../tests/assert.ts";
import { createMessage, messageTypes, parseMessage } from "./mod.ts";

const candle = {
  exchange: "binance",
  symbol: "BTC/USDT",
  timeframe: "1m",
  openTime: 60_000,
  open: 1,
  high: 2,
  low: 0.5,
  close: 1.5,
  volume: 10,
};

Deno.test("a well-formed candle message passes validation", () => {
  const msg = createMessage("candle", candle, { source: "t", key: "k", now: 1 });
  const r = parseMessage(msg);
  assert(r.ok);
  assertEquals(r.message, msg);
});

Deno.test("validation names the field and reason of a bad payload", () => {
  const msg = createMessage("candle", { ...candle, high: 0.1 }, { source: "t", key: "k", now: 1 });
  const r = parseMessage(msg);
  assert(!r.ok);
  assertStringIncludes(r.error, "payload.high: high must be >= low");
});

Deno.test("validation rejects NaN, unknown types and non-objects without throwing", () => {
  const nan = parseMessage({
    ...createMessage("candle", candle, { source: "t", key: "k", now: 1 }),
    payload: { ...candle, close: NaN },
  });
  assert(!nan.ok);
  assertStringIncludes(nan.error, "payload.close");
  assert(!parseMessage({ id: "1", type: "bogus", ts: 1, source: "s", key: "k", payload: {} }).ok);
  assert(!parseMessage(null).ok);
  assert(!parseMessage("text").ok);
});

Deno.test("message types list every member of the union", () => {
  assertEquals([...messageTypes].sort(), [
    "ack",
    "alert",
    "analysis",
    "analysis_batch",
    "candle",
    "candle_batch",
    "control",
    "heartbeat",
    "notification",
    "signal",
    "silence",
    "tick",
  ]);
});
