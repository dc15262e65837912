import { Registry } from "prom-client";
import { assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { createMessage } from "../../messages/mod.ts";
import { handlerDurationBuckets } from "./buckets.ts";
import { BusFlows } from "./bus_flows.ts";
import { renderMetrics } from "./render.ts";

const candle = createMessage("candle", {
  exchange: "binance",
  symbol: "BTC/USDT",
  timeframe: "1m",
  openTime: 0,
  open: 1,
  high: 1,
  low: 1,
  close: 1,
  volume: 1,
}, { source: "collector", key: "k", now: 0 });

Deno.test("handler durations land in the same buckets prom-client would put them in", async () => {
  const flows = new BusFlows("analyzer");
  // On a bound (le is inclusive), between bounds, and past the last one.
  for (const s of [0.0001, 0.0003, 0.002, 0.002, 7]) flows.handled(candle, s, true);
  flows.handled(candle, 0.05, false);
  const text = await renderMetrics(new Registry(), [flows.json()]);
  const bucket = (le: string) => {
    const m = new RegExp(
      `^actor_handler_duration_seconds_bucket\\{le="${
        le.replace("+", "\\+")
      }",actor="analyzer",topic="candle"\\} (\\S+)$`,
      "m",
    ).exec(text);
    return Number(m?.[1]);
  };
  assertEquals(
    [...handlerDurationBuckets.map(String), "+Inf"].map(bucket),
    [1, 2, 2, 4, 4, 5, 5, 5, 5, 5, 6],
  );
  assertStringIncludes(
    text,
    'actor_handler_duration_seconds_count{actor="analyzer",topic="candle"} 6',
  );
  assertStringIncludes(
    text,
    'actor_handler_duration_seconds_sum{actor="analyzer",topic="candle"} 7.0544',
  );
});

Deno.test("published messages are counted by topic and an idle flow reports nothing", async () => {
  const flows = new BusFlows("collector");
  assertEquals(flows.json().flatMap((m) => m.values), []);
  flows.published(candle);
  flows.published(candle);
  const text = await renderMetrics(new Registry(), [flows.json()]);
  assertStringIncludes(text, 'actor_messages_published_total{actor="collector",topic="candle"} 2');
  // Only published: no handled or duration series for the topic.
  assertEquals(text.includes("actor_messages_handled_total{"), false);
  assertEquals(text.includes("actor_handler_duration_seconds_count{"), false);
});
