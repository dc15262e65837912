import { assertEquals } from "../../tests/assert.ts";
import { type Candle, MAX_BATCH_ROWS, type Message } from "../../messages/mod.ts";
import { publishCandles } from "./publish.ts";

const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
const candles = (n: number): Candle[] =>
  Array.from({ length: n }, (_, i) => ({
    ...series,
    openTime: i * 60_000,
    open: 1,
    high: 2,
    low: 1,
    close: 2,
    volume: i,
  }));

async function published(cs: Candle[], kind: "candle" | "tick"): Promise<Message[]> {
  const out: Message[] = [];
  await publishCandles({ publish: (m) => Promise.resolve(void out.push(m)) }, "c", 0, cs, kind);
  return out;
}

Deno.test("the collector publishes a page of closed candles as batches of at most MAX_BATCH_ROWS, with ids from their range", async () => {
  const out = await published(candles(MAX_BATCH_ROWS + 5), "candle");
  assertEquals(out.map((m) => [m.type, m.key, m.id]), [
    [
      "candle_batch",
      "binance:BTC/USDT:1m",
      `candles:binance:BTC/USDT:1m:0:${(MAX_BATCH_ROWS - 1) * 60_000}`,
    ],
    [
      "candle_batch",
      "binance:BTC/USDT:1m",
      `candles:binance:BTC/USDT:1m:${MAX_BATCH_ROWS * 60_000}:${(MAX_BATCH_ROWS + 4) * 60_000}`,
    ],
  ]);
  const rows = out.flatMap((m) => m.type === "candle_batch" ? m.payload.volume : []);
  assertEquals(rows, candles(MAX_BATCH_ROWS + 5).map((c) => c.volume));
});

Deno.test("the collector publishes one closed candle, and forming ones, singly", async () => {
  assertEquals((await published(candles(1), "candle")).map((m) => [m.type, m.id]), [
    ["candle", "candle:binance:BTC/USDT:1m:0"],
  ]);
  assertEquals((await published(candles(2), "tick")).map((m) => m.type), ["tick", "tick"]);
});

Deno.test("the collector publishes a page in messages of perMessage candles, a lone last one as a candle", async () => {
  const out: Message[] = [];
  const bus = { publish: (m: Message) => Promise.resolve(void out.push(m)) };
  await publishCandles(bus, "c", 0, candles(5), "candle", 2);
  assertEquals(out.map((m) => m.type), ["candle_batch", "candle_batch", "candle"]);
  out.length = 0;
  await publishCandles(bus, "c", 0, candles(3), "candle", 1);
  assertEquals(
    out.map((m) => m.id),
    [0, 1, 2].map((i) => `candle:binance:BTC/USDT:1m:${i * 60_000}`),
  );
});
