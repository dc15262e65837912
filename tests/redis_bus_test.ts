import { createRedisBus, type RedisBus } from "../bus/redis/mod.ts";
import type { DeliveryInfo } from "../bus/types.ts";
import type { Message } from "../messages/mod.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "./assert.ts";
import { runBatchContract } from "./bus_batch_contract.ts";
import { runBusContract } from "./bus_contract.ts";
import { candle, Progress, seqOf } from "./bus_contract_support.ts";
import { runCloseContract } from "./bus_close_contract.ts";
import { runHoldContract } from "./bus_hold_contract.ts";
import { runMessageBatchContract } from "./bus_message_batch_contract.ts";
import {
  assertKeyOrder,
  connectAdmin,
  deletePrefix,
  leaseOwners,
  makeRedisFixture,
  REDIS_URL,
  testPrefix,
} from "./fixtures/redis_bus_fixture.ts";
import { spawnConsumer } from "./fixtures/redis_processes.ts";

runBusContract("redis", (policies) => makeRedisFixture(policies));
runBatchContract("redis", (policies) => makeRedisFixture(policies));
runHoldContract("redis", (policies) => makeRedisFixture(policies));
runCloseContract("redis", (policies) => makeRedisFixture(policies));
runMessageBatchContract("redis", (policies) => makeRedisFixture(policies));

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Handled messages of every bus in one process, by key, in handling order. */
class Log {
  readonly byKey = new Map<string, { seq: number; bus: string; attempt: number }[]>();
  readonly progress = new Progress();
  readonly ids = new Set<string>();
  total = 0;

  add(bus: string, m: Message, info: DeliveryInfo): void {
    const list = this.byKey.get(m.key) ?? [];
    list.push({ seq: seqOf(m), bus, attempt: info.attempt });
    this.byKey.set(m.key, list);
    this.ids.add(m.id);
    this.total++;
    this.progress.bump();
  }
}

Deno.test("redis bus moves a killed bus's partitions to the survivor, reclaiming pending entries in key order", async () => {
  const f = await makeRedisFixture();
  try {
    const log = new Log();
    const stuck = Promise.withResolvers<void>();
    let stuckOn: Message | undefined;
    const a = await f.openRedis({ consumerName: "A" });
    const b = await f.openRedis({ consumerName: "B" });
    await a.subscribe({
      group: "g",
      topics: ["candle"],
      handler: async (m, info) => {
        if (log.total >= 300 && !stuckOn) {
          stuckOn = m;
          log.progress.bump();
          await stuck.promise; // the process "dies" with this message in hand
          return;
        }
        log.add("A", m, info);
      },
    });
    await b.subscribe({
      group: "g",
      topics: ["candle"],
      handler: (m, info) => log.add("B", m, info),
    });
    await log.progress.until(async () => {
      const owners = await leaseOwners(f.admin, f.prefix, "g", "candle");
      return owners.some((o) => o?.startsWith("A-")) && owners.some((o) => o?.startsWith("B-"));
    }, "both buses hold leases");
    const keys = range(30).map((k) => `key-${k}`);
    for (const seq of range(100)) await Promise.all(keys.map((k) => b.publish(candle(k, seq))));
    await log.progress.until(() => stuckOn !== undefined, "A is stuck on a message");
    await f.kill(a);
    stuck.resolve();
    await log.progress.until(() => log.ids.size === 3_000, "all 3000 messages were handled");
    await log.progress.until(async () => {
      const owners = await leaseOwners(f.admin, f.prefix, "g", "candle");
      return owners.every((o) => o?.startsWith("B-"));
    }, "B holds every lease");
    const retried = log.byKey.get(stuckOn!.key)!.filter((e) => e.seq === seqOf(stuckOn!));
    assertEquals(retried.map((e) => e.bus), ["B"]);
    assert(retried[0]!.attempt >= 2, `the reclaimed message has attempt ${retried[0]!.attempt}`);
    for (const [key, entries] of log.byKey) {
      assertKeyOrder(entries.map((e) => e.seq), 100, 300, key);
    }
  } finally {
    await f.dispose();
  }
});

Deno.test("redis bus splits a group's partitions between two buses and hands them back on close", async () => {
  const f = await makeRedisFixture();
  try {
    const log = new Log();
    const inFlight = new Map<string, number>();
    let overlapped = 0;
    const handler = (bus: string) => async (m: Message, info: DeliveryInfo) => {
      const n = (inFlight.get(m.key) ?? 0) + 1;
      inFlight.set(m.key, n);
      if (n > 1) overlapped++;
      await new Promise((r) => setTimeout(r, 0));
      inFlight.set(m.key, n - 1);
      log.add(bus, m, info);
    };
    const a = await f.openRedis({ consumerName: "A" });
    const b = await f.openRedis({ consumerName: "B" });
    await a.subscribe({ group: "g", topics: ["candle"], handler: handler("A") });
    const owners = () => leaseOwners(f.admin, f.prefix, "g", "candle");
    await log.progress.until(
      async () => (await owners()).every((o) => o?.startsWith("A-")),
      "A holds all",
    );
    const keys = range(40).map((k) => `key-${k}`);
    const publishing = (async () => {
      for (const seq of range(50)) await Promise.all(keys.map((k) => a.publish(candle(k, seq))));
    })();
    const subB = await b.subscribe({ group: "g", topics: ["candle"], handler: handler("B") });
    await log.progress.until(async () => {
      const o = await owners();
      return o.filter((x) => x?.startsWith("A-")).length === 4 &&
        o.filter((x) => x?.startsWith("B-")).length === 4;
    }, "the leases split 4 and 4");
    await publishing;
    await log.progress.until(() => log.ids.size === 2_000, "all 2000 messages were handled");
    await subB.close();
    await log.progress.until(
      async () => (await owners()).every((o) => o?.startsWith("A-")),
      "A holds all again",
    );
    assertEquals(log.total, 2_000, "a graceful hand-over handled nothing twice");
    assertEquals(overlapped, 0, "two handlers of one key overlapped");
    const busesSeen = new Set([...log.byKey.values()].flat().map((e) => e.bus));
    assertEquals([...busesSeen].sort(), ["A", "B"]);
    for (const [key, entries] of log.byKey) assertEquals(entries.map((e) => e.seq), range(50), key);
    const members = await f.admin.zRange(`${f.prefix}:members:g:candle`, 0, -1);
    assert(members.every((m) => m.startsWith("A-")), `B left the group: ${members}`);
  } finally {
    await f.dispose();
  }
});

Deno.test("redis bus dead-letters a message that crashes its consumer repeatedly, across consumers", async () => {
  const f = await makeRedisFixture();
  try {
    const poison = candle("k", 0);
    const attempts: number[] = [];
    const progress = new Progress();
    const stuck = Promise.withResolvers<void>();
    for (const round of range(3)) {
      const bus = await f.openRedis({ consumerName: `crash${round}` });
      if (round === 0) {
        await bus.publish(poison);
        await bus.publish(candle("k", 1));
      }
      await bus.subscribe({
        group: "g",
        topics: ["candle"],
        maxAttempts: 3,
        handler: async (m, info) => {
          if (m.id !== poison.id) return;
          attempts.push(info.attempt);
          progress.bump();
          await stuck.promise;
        },
      });
      await progress.until(
        () => attempts.length === round + 1,
        `consumer ${round} took the poison`,
      );
      await f.kill(bus);
    }
    stuck.resolve();
    const last = await f.openRedis({ consumerName: "last" });
    const handled: Message[] = [];
    await last.subscribe({
      group: "g",
      topics: ["candle"],
      maxAttempts: 3,
      handler: (m) => {
        handled.push(m);
        progress.bump();
      },
    });
    await progress.until(() => handled.length === 1, "the next message was handled");
    assertEquals(attempts, [1, 2, 3]);
    assertEquals(handled.map(seqOf), [1]);
    const [dead] = await last.deadLetters();
    assertEquals([dead?.message, dead?.attempts, dead?.group], [poison, 3, "g"]);
    assertStringIncludes(dead?.error ?? "", "over maxAttempts 3");
  } finally {
    await f.dispose();
  }
});

Deno.test("redis bus names the URL it cannot connect to, without the password", async () => {
  const err = await assertRejects(() =>
    createRedisBus({ url: "redis://user:hunter2@127.0.0.1:1", prefix: testPrefix() })
  );
  assertStringIncludes(err.message, "redis://user:***@127.0.0.1:1");
  assert(!err.message.includes("hunter2"), err.message);
});

Deno.test("redis bus refuses to join a prefix that uses another partition count", async () => {
  const f = await makeRedisFixture();
  try {
    await f.openRedis();
    await assertRejects(
      () => f.openRedis({ partitions: 4 }),
      "uses 8 partitions per topic, this bus was configured with 4",
    );
  } finally {
    await f.dispose();
  }
});

Deno.test("redis bus rejects publishing an envelope it cannot route", async () => {
  const f = await makeRedisFixture();
  try {
    const bus: RedisBus = await f.openRedis();
    await assertRejects(
      () => bus.publish({ ...candle("k", 0), type: "nope" } as unknown as Message),
      'unknown message type "nope"',
    );
  } finally {
    await f.dispose();
  }
});

Deno.test("redis bus keeps every message and per-key order when one of two consumer processes is SIGKILLed", async () => {
  const prefix = testPrefix();
  const admin = await connectAdmin();
  const keys = range(50).map((k) => `key-${k}`);
  const perKey = 400;
  const total = keys.length * perKey;
  const config = {
    url: REDIS_URL,
    prefix,
    group: "g",
    partitions: 8,
    leaseMs: 1_000,
    claimIdleMs: 500,
  };
  const victim = spawnConsumer({ ...config, label: "p1" });
  const survivor = spawnConsumer({ ...config, label: "p2" });
  const producer = await createRedisBus({ url: REDIS_URL, prefix, partitions: 8 });
  const progress = new Progress();
  try {
    await Promise.all([victim.ready, survivor.ready]);
    await progress.until(async () => {
      const owners = await leaseOwners(admin, prefix, "g", "candle");
      return owners.some((o) => o?.startsWith("p1-")) && owners.some((o) => o?.startsWith("p2-"));
    }, "both processes hold leases");
    const publishing = (async () => {
      for (const seq of range(perKey)) {
        await Promise.all(keys.map((k) => producer.publish(candle(k, seq))));
      }
    })();
    await progress.until(
      async () => (await admin.lLen(`${prefix}:handled`)) >= 5_000,
      "5000 handled",
    );
    victim.child.kill("SIGKILL");
    await publishing;
    let records: string[] = [];
    await progress.until(
      async () => {
        if ((await admin.lLen(`${prefix}:handled`)) < total) return false;
        records = await admin.lRange(`${prefix}:handled`, 0, -1);
        return new Set(records.map((r) => r.split(" ").slice(1, 3).join(" "))).size === total;
      },
      `all ${total} messages were handled`,
      60_000,
    );
    survivor.child.kill("SIGTERM");
    const [v, s] = await Promise.all([victim.done, survivor.done]);
    assertEquals(v.status.signal, "SIGKILL");
    assertEquals(s.status.code, 0, `survivor exited badly: ${s.stderr}`);
    records = await admin.lRange(`${prefix}:handled`, 0, -1);
    const byKey = new Map<string, { label: string; seq: number; attempt: number }[]>();
    for (const r of records) {
      const [label = "", key = "", seq = "", attempt = ""] = r.split(" ");
      const list = byKey.get(key) ?? [];
      list.push({ label, seq: Number(seq), attempt: Number(attempt) });
      byKey.set(key, list);
    }
    assertEquals([...byKey.keys()].sort(), [...keys].sort());
    for (const [key, list] of byKey) {
      assertEquals(new Set(list.map((e) => e.seq)).size, perKey, `${key} lost messages`);
      // A replay comes only from the victim's unacked batch (at most batchSize 300 entries).
      assertKeyOrder(list.map((e) => e.seq), perKey, 300, key);
    }
    const victimKeys = new Set(
      records.filter((r) => r.startsWith("p1 ")).map((r) => r.split(" ")[1]),
    );
    const takenOver = [...victimKeys].filter((k) => byKey.get(k!)!.at(-1)!.label === "p2");
    assert(takenOver.length > 0, "the survivor finished keys the victim had been handling");
    assert(
      records.some((r) => r.startsWith("p2 ") && Number(r.split(" ")[3]) > 1),
      "some redelivery had attempt > 1",
    );
  } finally {
    for (const p of [victim, survivor]) {
      try {
        p.child.kill("SIGKILL");
      } catch {
        // already exited
      }
      await p.done;
    }
    await producer.close();
    await deletePrefix(admin, prefix);
    await admin.close();
  }
});
