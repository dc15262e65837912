/**
 * The batch-message part of the {@linkcode Bus} contract: a `candle_batch`
 * (or `analysis_batch`) travels on the topic of what it batches, so it keeps
 * its place among single messages of its key. Every transport runs it next
 * to `runBusContract` with the same fixture.
 *
 * @module
 */
import { type Candle, candleBatchOf, createMessage, type Message } from "../messages/mod.ts";
import { assertEquals } from "./assert.ts";
import { candle, contractTest, type MakeFixture, Progress, seqOf } from "./bus_contract_support.ts";

/** A candle batch of `key` holding sequence numbers `from` to `to`, inclusive. */
function batch(key: string, from: number, to: number): Message {
  const rows: Candle[] = [];
  for (let seq = from; seq <= to; seq++) rows.push(candle(key, seq).payload as Candle);
  return createMessage("candle_batch", candleBatchOf(rows), {
    source: "contract",
    key,
    now: from,
    id: `candles:${key}:${from}:${to}`,
  });
}

/** The sequence numbers a candle or a candle batch carries. */
function seqsOf(m: Message): number[] {
  return m.type === "candle_batch" ? m.payload.openTime.map((t) => t / 60_000) : [seqOf(m)];
}

/** Registers the batch-message contract tests, each named "<name> bus ...". */
export function runMessageBatchContract(name: string, makeFixture: MakeFixture): void {
  const test = contractTest(name, makeFixture);

  test("carries candle batches on the candle topic, in order among single candles of their key", async (f) => {
    const producer = await f.open();
    const consumer = await f.open();
    await consumer.declare("g", ["candle"]);
    const seen = new Map<string, { type: string; seqs: number[] }[]>();
    const progress = new Progress();
    let rows = 0;
    await consumer.subscribe({
      group: "g",
      topics: ["candle"],
      handler: (m) => {
        const list = seen.get(m.key) ?? [];
        seen.set(m.key, list);
        list.push({ type: m.type, seqs: seqsOf(m) });
        rows += seqsOf(m).length;
        progress.bump();
      },
    });
    const keys = ["a", "b", "c"];
    for (const key of keys) {
      await producer.publish(candle(key, 0));
      await producer.publish(batch(key, 1, 300));
      await producer.publish(candle(key, 301));
      await producer.publish(batch(key, 302, 303));
    }
    await progress.until(() => rows === keys.length * 304, "every row of every key");
    for (const key of keys) {
      assertEquals(seen.get(key)!.map((e) => e.type), [
        "candle",
        "candle_batch",
        "candle",
        "candle_batch",
      ]);
      assertEquals(seen.get(key)!.flatMap((e) => e.seqs), Array.from({ length: 304 }, (_, i) => i));
    }
    const stats = await producer.stats();
    assertEquals(stats.candle?.published, keys.length * 4, "a batch is one message of its topic");
    assertEquals(stats.candle_batch, undefined, "no topic of its own");
  });

  test("dead-letters a malformed batch under its topic and goes on with the key", async (f) => {
    const bus = await f.open();
    const handled: number[] = [];
    const progress = new Progress();
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      handler: (m) => {
        handled.push(...seqsOf(m));
        progress.bump();
      },
    });
    const bad = batch("k", 0, 2);
    const ragged = { ...bad, payload: { ...bad.payload, close: [1] } };
    await f.injectRaw("candle", "k", ragged);
    await bus.publish(candle("k", 3));
    await progress.until(() => handled.includes(3), "the candle after the bad batch");
    assertEquals(handled, [3]);
    const [dead] = await bus.deadLetters(10);
    assertEquals([dead?.topic, dead?.message], ["candle", ragged]);
  });
}
