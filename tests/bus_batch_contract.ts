/**
 * The batch part of the {@linkcode Bus} contract (`SubscribeOptions.batch`):
 * every transport runs it next to `runBusContract` with the same fixture.
 *
 * @module
 */
import type { Message } from "../messages/mod.ts";
import type { DeliveryInfo } from "../bus/types.ts";
import { assert, assertEquals } from "./assert.ts";
import { candle, contractTest, type MakeFixture, Progress, seqOf } from "./bus_contract_support.ts";

/** What a subscription's two handlers were given. */
class BatchLog {
  readonly batches: Message[][] = [];
  readonly singles: { message: Message; info: DeliveryInfo }[] = [];
  readonly progress = new Progress();

  /** Every message handled, batch or single, in the order handled. */
  handled(): Message[] {
    return this.#order;
  }

  readonly #order: Message[] = [];

  batch(messages: readonly Message[]): void {
    this.batches.push([...messages]);
    this.#order.push(...messages);
    this.progress.bump();
  }

  single(message: Message, info: DeliveryInfo): void {
    this.singles.push({ message, info });
    this.#order.push(message);
    this.progress.bump();
  }

  seqs(key: string): number[] {
    return this.#order.filter((m) => m.key === key).map(seqOf);
  }
}

function range(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

/** Registers the batch contract's tests, each named "<name> bus ...". */
export function runBatchContract(name: string, makeFixture: MakeFixture): void {
  const test = contractTest(name, makeFixture);

  test("hands waiting first deliveries to the batch handler in order, at most max at a time", async (f) => {
    const bus = await f.open();
    await bus.declare("g", ["candle"]);
    const keys = ["a", "b", "c"];
    for (const seq of range(100)) await Promise.all(keys.map((k) => bus.publish(candle(k, seq))));
    const log = new BatchLog();
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      handler: (m, info) => log.single(m, info),
      batch: { handler: (ms) => log.batch(ms), max: 40 },
    });
    await log.progress.until(() => log.handled().length === 300, "300 messages handled");
    for (const k of keys) assertEquals(log.seqs(k), range(100), `order of key ${k}`);
    assertEquals(log.singles.length, 0, "first deliveries all went to the batch handler");
    assert(log.batches.every((b) => b.length <= 40), "a batch was over max");
    assert(log.batches.some((b) => b.length > 1), "nothing was batched");
    await log.progress.until(async () => {
      const s = (await bus.stats()).candle;
      return s?.consumed === 300 && s.backlog === 0;
    }, "stats show 300 consumed and nothing left");
  });

  test("counts a batch in a client's own figures: in hand whole, then every message in", async (f) => {
    const bus = await f.open();
    await bus.declare("g", ["candle"]);
    for (const seq of range(30)) await bus.publish(candle("k", seq));
    const first = Promise.withResolvers<void>();
    const log = new BatchLog();
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      handler: (m, info) => log.single(m, info),
      batch: {
        handler: async (ms) => {
          log.batch(ms);
          if (log.batches.length === 1) await first.promise;
        },
        max: 10,
      },
    });
    await log.progress.until(
      () => log.batches.length === 1 && bus.clientStats().mailbox === 20,
      "the 20 behind the first batch wait in the mailbox",
    );
    first.resolve();
    await log.progress.until(() => bus.clientStats().messagesIn === 30, "30 messages in");
    assertEquals(bus.clientStats(), { messagesIn: 30, messagesOut: 30, mailbox: 0 });
  });

  test("retries a failed batch one message at a time, so only the poison one is dead-lettered", async (f) => {
    const bus = await f.open();
    await bus.declare("g", ["candle"]);
    for (const seq of range(30)) await bus.publish(candle("k", seq));
    const log = new BatchLog();
    const isPoison = (m: Message) => seqOf(m) === 7;
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      maxAttempts: 2,
      handler: (m, info) => {
        if (isPoison(m)) throw new Error(`poison ${m.id}`);
        log.single(m, info);
      },
      batch: {
        handler: (ms) => {
          if (ms.some(isPoison)) throw new Error("a batch holding the poison message");
          log.batch(ms);
        },
      },
    });
    await log.progress.until(async () => {
      const s = (await bus.stats()).candle;
      return s?.consumed === 29 && s.deadLettered === 1 && s.backlog === 0;
    }, "29 consumed, 1 dead-lettered, nothing left");
    assertEquals(log.seqs("k"), range(30).filter((s) => s !== 7));
    assert(log.singles.length > 0, "the failed batch's messages went to the single handler");
    const dead = await bus.deadLetters(10);
    assertEquals(dead.map((d) => [seqOf(d.message as Message), d.attempts]), [[7, 2]]);
  });

  test("gives a killed consumer's batch to the next consumer, the charged redelivery alone", async (f) => {
    const first = await f.open();
    await first.declare("g", ["candle"]);
    for (const seq of range(20)) await first.publish(candle("k", seq));
    const stuck = Promise.withResolvers<void>();
    const took = new Progress();
    let batches = 0;
    await first.subscribe({
      group: "g",
      topics: ["candle"],
      handler: () => {},
      batch: {
        handler: async () => {
          batches++;
          took.bump();
          await stuck.promise; // killed while the batch is in hand
        },
      },
    });
    await took.until(() => batches === 1, "the first consumer took a batch");
    await f.kill(first);
    stuck.resolve();
    const second = await f.open();
    const log = new BatchLog();
    await second.subscribe({
      group: "g",
      topics: ["candle"],
      handler: (m, info) => log.single(m, info),
      batch: { handler: (ms) => log.batch(ms) },
    });
    await log.progress.until(() => log.handled().length === 20, "all 20 handled again");
    assertEquals(log.seqs("k"), range(20));
    const firstRedelivery = log.singles[0];
    assert(firstRedelivery, "the redelivered first message went to the single handler");
    assertEquals(seqOf(firstRedelivery.message), 0);
    assert(firstRedelivery.info.attempt > 1, "the redelivery was charged an attempt");
  });
}
