/**
 * The transport-agnostic contract of {@linkcode Bus}: every transport runs it
 * with its own fixture (`runBusContract("redis", makeFixture)`).
 *
 * Counting rules the suite pins down: `published` counts accepted publishes;
 * `consumed` counts messages whose handler succeeded (dead letters are not
 * consumed); `deadLettered` counts dead letters; `backlog` counts messages
 * published but not yet handled, summed over groups.
 *
 * @module
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import {
  candle,
  contractTest,
  type MakeFixture,
  Progress,
  range,
  Recorder,
  seqOf,
} from "./bus_contract_support.ts";

/** Registers the contract's tests, each named "<name> bus ...". */
export function runBusContract(name: string, makeFixture: MakeFixture): void {
  const test = contractTest(name, makeFixture);

  test("delivers every message to each of two groups exactly once, in order per key", async (f) => {
    const producer = await f.open();
    const consumer = await f.open();
    const groups = { a: new Recorder(), b: new Recorder() };
    await consumer.declare("a", ["candle"]);
    await consumer.declare("b", ["candle"]);
    const subs = await Promise.all(
      Object.entries(groups).map(([group, rec]) =>
        consumer.subscribe({ group, topics: ["candle"], handler: (m, i) => rec.record(m, i) })
      ),
    );
    const keys = range(100).map((k) => `key-${k}`);
    const perKey = 50;
    for (const seq of range(perKey)) {
      await Promise.all(keys.map((key) => producer.publish(candle(key, seq))));
    }
    const total = keys.length * perKey;
    for (const [group, rec] of Object.entries(groups)) {
      await rec.progress.until(() => rec.ids().size === total, `group ${group} saw ${total} ids`);
    }
    await Promise.all(subs.map((s) => s.close()));
    for (const [group, rec] of Object.entries(groups)) {
      assertEquals(rec.calls.length, total, `group ${group} handled a message more than once`);
      for (const key of keys) {
        assertEquals(rec.seqs(key), range(perKey), `order of ${key} in ${group}`);
      }
      assert(rec.calls.every((c) => c.info.attempt === 1 && c.info.group === group));
    }
  });

  test("retries a failing handler in place while later messages of the same key wait", async (f) => {
    const bus = await f.open();
    const rec = new Recorder();
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      maxAttempts: 5,
      handler: (m, info) => {
        rec.record(m, info);
        if (seqOf(m) === 0 && info.attempt < 3) throw new Error(`flaky attempt ${info.attempt}`);
      },
    });
    for (const seq of range(3)) await bus.publish(candle("k", seq));
    await rec.progress.until(() => rec.seqs("k").length === 5, "5 deliveries of key k");
    assertEquals(rec.calls.map((c) => [seqOf(c.message), c.info.attempt]), [
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 1],
      [2, 1],
    ]);
  });

  test("dead-letters a message failing maxAttempts times with its error and goes on", async (f) => {
    const bus = await f.open();
    const rec = new Recorder();
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      maxAttempts: 3,
      handler: (m, info) => {
        rec.record(m, info);
        if (seqOf(m) === 0) throw new Error(`poison ${m.id}`);
      },
    });
    const poison = candle("k", 0);
    await bus.publish(poison);
    await bus.publish(candle("k", 1));
    await rec.progress.until(() => rec.seqs("k").includes(1), "the message after the poison");
    assertEquals(rec.calls.map((c) => [seqOf(c.message), c.info.attempt]), [
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 1],
    ]);
    const dead = await bus.deadLetters(10);
    assertEquals(dead.length, 1);
    const [d] = dead;
    assert(d);
    assertEquals([d.message, d.topic, d.group, d.attempts], [poison, "candle", "g", 3]);
    assertStringIncludes(d.error, `poison ${poison.id}`);
    assert(d.at > 0);
  });

  test("counts in a client's own figures what it published, what its handlers finished, and what waits for them", async (f) => {
    const producer = await f.open();
    const consumer = await f.open();
    await consumer.declare("g", ["candle"]);
    // Published before the consumer reads, so they reach it at once and wait behind the first.
    for (const seq of range(10)) await producer.publish(candle("k", seq));
    assertEquals(producer.clientStats(), { messagesIn: 0, messagesOut: 10, mailbox: 0 });
    const first = Promise.withResolvers<void>();
    const rec = new Recorder();
    await consumer.subscribe({
      group: "g",
      topics: ["candle"],
      maxAttempts: 2,
      handler: async (m, info) => {
        rec.record(m, info);
        if (seqOf(m) === 0) await first.promise;
        if (seqOf(m) === 1) throw new Error("poison");
      },
    });
    await rec.progress.until(
      () => rec.calls.length === 1 && consumer.clientStats().mailbox === 9,
      "the 9 behind the first message wait in the consumer's mailbox",
    );
    first.resolve();
    await rec.progress.until(
      () => consumer.clientStats().messagesIn === 10,
      "9 handled and 1 dead-lettered count in",
    );
    assertEquals(consumer.clientStats(), { messagesIn: 10, messagesOut: 0, mailbox: 0 });
  });

  test("dead-letters malformed messages and the consumer goes on", async (f) => {
    const bus = await f.open();
    const rec = new Recorder();
    await bus.subscribe({ group: "g", topics: ["candle"], handler: (m, i) => rec.record(m, i) });
    const invalid = { ...candle("k", 0), payload: { ...candle("k", 0).payload, high: 0 } };
    await f.injectRaw("candle", "k", invalid);
    await f.injectRaw("candle", "k", "not json {");
    await bus.publish(candle("k", 1));
    await rec.progress.until(() => rec.calls.length === 1, "the valid message was handled");
    assertEquals(rec.seqs("k"), [1]);
    await rec.progress.until(
      async () => (await bus.deadLetters(10)).length === 2,
      "2 dead letters",
    );
    const dead = await bus.deadLetters(10);
    assertEquals(dead.map((d) => d.message), [invalid, "not json {"]);
    assertStringIncludes(dead[0]?.error ?? "", "payload.high");
    assert(dead.every((d) => d.topic === "candle" && d.group === "g" && d.attempts === 1));
    assertEquals((await bus.stats()).candle?.deadLettered, 2);
  });

  test("redelivers a killed consumer's unacked messages to the group's next consumer", async (f) => {
    const first = await f.open();
    const stuck = Promise.withResolvers<void>();
    const firstSaw = new Progress();
    let firstCalls = 0;
    await first.subscribe({
      group: "g",
      topics: ["candle"],
      handler: async (m) => {
        firstCalls++;
        firstSaw.bump();
        if (seqOf(m) === 0) await stuck.promise; // crashes "while handling" seq 0
      },
    });
    for (const seq of range(5)) await first.publish(candle("k", seq));
    await firstSaw.until(() => firstCalls === 1, "the first consumer took seq 0");
    await f.kill(first);
    stuck.resolve();
    const second = await f.open();
    const rec = new Recorder();
    await second.subscribe({ group: "g", topics: ["candle"], handler: (m, i) => rec.record(m, i) });
    await rec.progress.until(() => rec.seqs("k").length === 5, "the second consumer handled all 5");
    assertEquals(rec.seqs("k"), range(5));
    const firstDelivery = rec.calls[0]?.info.attempt ?? 0;
    assert(firstDelivery > 1, `the redelivered message has attempt > 1, got ${firstDelivery}`);
    assertEquals(firstCalls, 1);
  });

  test("keeps messages published after declare but before subscribe", async (f) => {
    const bus = await f.open();
    await bus.declare("late", ["candle"]);
    for (const seq of range(100)) await bus.publish(candle(`k${seq % 3}`, seq));
    const rec = new Recorder();
    await bus.subscribe({ group: "late", topics: ["candle"], handler: (m, i) => rec.record(m, i) });
    await rec.progress.until(() => rec.calls.length === 100, "100 messages were handled");
    for (const k of [0, 1, 2]) {
      assertEquals(rec.seqs(`k${k}`), range(100).filter((s) => s % 3 === k));
    }
  });

  test(
    "makes publish wait at a block topic's bound and resume when the consumer drains",
    async (f) => {
      const capacity = 20;
      const bus = await f.open();
      await bus.declare("g", ["candle"]);
      const progress = new Progress();
      let resolved = 0;
      let handled = 0;
      let worst = 0;
      const publishing = (async () => {
        for (const seq of range(3 * capacity)) {
          await bus.publish(candle("k", seq));
          resolved++;
          worst = Math.max(worst, resolved - handled);
          progress.bump();
        }
      })();
      await progress.until(() => resolved === capacity, `${capacity} publishes resolved`);
      // The bound holds however long we look; a short look keeps the suite fast.
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(resolved, capacity, "publish went past the bound with no consumer");
      const rec = new Recorder();
      await bus.subscribe({
        group: "g",
        topics: ["candle"],
        handler: (m, i) => {
          handled++;
          rec.record(m, i);
        },
      });
      await publishing;
      await rec.progress.until(() => rec.calls.length === 3 * capacity, "all messages handled");
      assertEquals(rec.seqs("k"), range(3 * capacity));
      assert(worst <= capacity, `published but unhandled reached ${worst}, over ${capacity}`);
    },
    { candle: { capacity: 20, overflow: "block" } },
  );

  test("keeps the newest messages of a drop-oldest topic and counts the drops", async (f) => {
    const bus = await f.open();
    await bus.declare("g", ["tick"]);
    for (const seq of range(50)) await bus.publish(candle("k", seq, "tick"));
    const rec = new Recorder();
    await bus.subscribe({ group: "g", topics: ["tick"], handler: (m, i) => rec.record(m, i) });
    await rec.progress.until(() => rec.calls.length === 10, "the 10 newest ticks were handled");
    assertEquals(rec.seqs("k"), range(10, 40));
    const stats = await bus.stats();
    assertEquals([stats.tick?.published, stats.tick?.dropped], [50, 40]);
  }, { tick: { capacity: 10, overflow: "drop-oldest" } });

  test("counts published, consumed, dead-lettered and backlog messages in stats", async (f) => {
    const bus = await f.open();
    await bus.declare("g", ["candle"]);
    for (const seq of range(22)) await bus.publish(candle(seq < 2 ? "bad" : "good", seq));
    const before = (await bus.stats()).candle;
    assertEquals([before?.published, before?.consumed, before?.backlog], [22, 0, 22]);
    const progress = new Progress();
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      maxAttempts: 2,
      handler: (m) => {
        progress.bump();
        if (m.key === "bad") throw new Error("always fails");
      },
    });
    await progress.until(async () => {
      const s = (await bus.stats()).candle;
      return s?.consumed === 20 && s.deadLettered === 2 && s.backlog === 0;
    }, "stats show 20 consumed, 2 dead-lettered, nothing left");
    const after = (await bus.stats()).candle;
    assertEquals([after?.published, after?.dropped], [22, 0]);
  });

  test("stats tell how long the oldest unhandled message has waited, null once all are handled", async (f) => {
    const bus = await f.open();
    await bus.declare("g", ["candle"]);
    assertEquals((await bus.stats()).candle?.oldestAgeMs ?? null, null);
    await bus.publish(candle("k", 0));
    await new Promise((r) => setTimeout(r, 300));
    await bus.publish(candle("k", 1));
    const waiting = (await bus.stats()).candle?.oldestAgeMs ?? -1;
    assert(waiting >= 250 && waiting < 10_000, `oldest waited ${waiting} ms, expected ~300`);
    const progress = new Progress();
    let handled = 0;
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      handler: () => {
        handled++;
        progress.bump();
      },
    });
    await progress.until(async () => {
      const s = (await bus.stats()).candle;
      return handled === 2 && s?.backlog === 0 && s.oldestAgeMs === null;
    }, "both handled and nothing left waiting");
  });
}
