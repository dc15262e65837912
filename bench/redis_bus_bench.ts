// deno-lint-ignore-file no-console -- a bench reports its figures on stdout
/**
 * Redis bus throughput: raw node-redis streams (baseline) against the bus end
 * to end. N messages per iteration; msgs/s = N / time per iteration. Every
 * iteration uses a fresh key prefix and deletes it afterwards.
 *
 * Run: `deno bench -A bench/redis_bus_bench.ts`
 */
import { createClient } from "redis";
import { createRedisBus } from "../bus/redis/mod.ts";
import { type Candle, candleBatchOf, createMessage, type Message } from "../messages/mod.ts";

const URL = Deno.env.get("CT_TEST_REDIS_URL") ?? "redis://127.0.0.1:6379";
const N = 10_000;
const KEYS = 50;

/** Bench candle `i` of series `k`. */
function benchCandle(k: number, i: number): Candle {
  return {
    exchange: "bench",
    symbol: `SYM${k}/USDT`,
    timeframe: "1m",
    openTime: i * 60_000,
    open: 1,
    high: 2,
    low: 0.5,
    close: 1.5,
    volume: i,
  };
}

function messages(): Message[] {
  return Array.from({ length: N }, (_, i) =>
    createMessage("candle", benchCandle(i % KEYS, i), {
      source: "bench",
      key: `key-${i % KEYS}`,
      now: i,
    }));
}

async function dropPrefix(
  client: {
    scanIterator(o: { MATCH: string; COUNT: number }): AsyncIterable<string[]>;
    del(keys: string[]): Promise<unknown>;
  },
  prefix: string,
) {
  for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 1_000 })) {
    if (keys.length > 0) await client.del(keys);
  }
}

Deno.bench({
  name: "raw node-redis: pipelined XADD, then XREADGROUP COUNT 500 + XACK",
  group: "redis bus",
  baseline: true,
  n: 10,
  warmup: 2,
  async fn(b) {
    const prefix = `ct-bench-${crypto.randomUUID()}`;
    const stream = `${prefix}:raw`;
    const client = createClient({ url: URL, RESP: 2 });
    await client.connect();
    await client.sendCommand(["XGROUP", "CREATE", stream, "g", "0", "MKSTREAM"]);
    const payloads = messages().map((m) => JSON.stringify(m));
    b.start();
    await Promise.all(
      payloads.map((p) =>
        client.sendCommand(["XADD", stream, "MAXLEN", "~", "100000", "*", "m", p])
      ),
    );
    let read = 0;
    while (read < N) {
      const reply = await client.sendCommand([
        "XREADGROUP",
        "GROUP",
        "g",
        "c",
        "COUNT",
        "500",
        "STREAMS",
        stream,
        ">",
      ]) as [string, [string, string[]][]][];
      const entries = reply[0]?.[1] ?? [];
      for (const [, fields] of entries) JSON.parse(fields[1] ?? "null");
      read += entries.length;
      void client.sendCommand(["XACK", stream, "g", ...entries.map(([id]) => id)]);
    }
    await client.sendCommand(["PING"]); // the last XACK has been applied
    b.end();
    await dropPrefix(client, prefix);
    await client.close();
  },
});

/**
 * One timed round on a fresh bus: `batch` published at once, consumed by
 * one group until `rows(m)` summed reaches `total` and every message shows
 * as consumed (acked). Returns its seconds.
 */
async function busRound(
  b: Deno.BenchContext,
  batch: readonly Message[],
  rows: (m: Message) => number,
  total: number,
): Promise<number> {
  const prefix = `ct-bench-${crypto.randomUUID()}`;
  const bus = await createRedisBus({ url: URL, prefix });
  let handled = 0;
  let target = 1;
  let done = Promise.withResolvers<void>();
  await bus.subscribe({
    group: "bench",
    topics: ["candle"],
    handler: (m) => {
      handled += rows(m);
      if (handled >= target) done.resolve();
    },
  });
  // One message through first, so every partition is leased and recovered before timing.
  await bus.publish(messages()[0]!);
  await done.promise;
  handled = 0;
  target = total;
  done = Promise.withResolvers<void>();
  b.start();
  const t0 = performance.now();
  await Promise.all(batch.map((m) => bus.publish(m)));
  await done.promise;
  // Handled is not acked yet: wait until the acks show as consumed.
  while ((await bus.stats()).candle!.consumed < batch.length + 1) {
    await new Promise((r) => setTimeout(r, 1));
  }
  const seconds = (performance.now() - t0) / 1000;
  b.end();
  await bus.close();
  const admin = createClient({ url: URL });
  await admin.connect();
  await dropPrefix(admin, prefix);
  await admin.close();
  return seconds;
}

Deno.bench({
  name: "redis bus: publish N, consume and ack N (8 partitions, 50 keys)",
  group: "redis bus",
  n: 10,
  warmup: 2,
  async fn(b) {
    await busRound(b, messages(), () => 1, N);
  },
});

/** `n` candles of key `k` as candle batches of 1,000 rows. */
function candleBatches(n: number, keys: number): Message[] {
  const out: Message[] = [];
  for (let k = 0; k < keys; k++) {
    const rows = Array.from({ length: n / keys }, (_, i) => benchCandle(k, i));
    for (let i = 0; i < rows.length; i += 1_000) {
      out.push(createMessage("candle_batch", candleBatchOf(rows.slice(i, i + 1_000)), {
        source: "bench",
        key: `key-${k}`,
        now: i,
      }));
    }
  }
  return out;
}

Deno.bench({
  name: `redis bus: ${10 * N} candles as candle_batch messages of 1,000 rows, consumed and acked`,
  group: "redis bus",
  n: 10,
  warmup: 2,
  async fn(b) {
    const rows = (m: Message) => m.type === "candle_batch" ? m.payload.openTime.length : 1;
    const seconds = await busRound(b, candleBatches(10 * N, 10), rows, 10 * N);
    console.log(`FIGURE redis candle batches: ${Math.round(10 * N / seconds)} candles/s`);
  },
});
