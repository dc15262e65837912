/**
 * The Redis Streams bus: publish, declare, subscribe, stats, dead letters.
 *
 * @module
 */
import { type Message, type Topic, topicOf, topics as allTopics } from "../../messages/mod.ts";
import type {
  Bus,
  ClientStats,
  DeadLetter,
  SubscribeOptions,
  Subscription,
  TopicStats,
} from "../types.ts";
import { connectRedis, type OwnedConn } from "./connect.ts";
import { GroupConsumer } from "./consumer.ts";
import type { ConsumerTally } from "./partition_work.ts";
import { StatCounters } from "./counters.ts";
import { readDeadLetters } from "./dead_letters.ts";
import { BackpressureGate } from "./gate.ts";
import { partitionOf, RedisBusKeys } from "./keys.ts";
import { SeenIds } from "../seen_ids.ts";
import {
  type RedisBusOptions,
  type ResolvedRedisBusOptions,
  resolveRedisBusOptions,
} from "./options.ts";
import { type BusScripts, createBusScripts } from "./scripts.ts";
import { checkEnvelope } from "./envelope_check.ts";
import { pairs } from "./wire.ts";
import { BLOCK_MAXLEN_FACTOR, Publisher } from "./publisher.ts";

/** How often, at most, a `block` topic's backlog is read from Redis while publishing. */
const GATE_INTERVAL_MS = 50;

/** A {@linkcode Bus} on Redis Streams, plus an abrupt stop. */
export interface RedisBus extends Bus {
  /** Drops every connection at once without acking, releasing or leaving: a crash, for tests and supervisors. */
  abort(): void;
}

/**
 * Connects a Redis bus; see `bus/redis/README.md` for its guarantees.
 *
 * @example
 * ```ts
 * const bus = await createRedisBus({ url: "redis://127.0.0.1:6379", prefix: "ct" });
 * await bus.declare("analyzer", ["candle"]);
 * await bus.close();
 * ```
 */
export async function createRedisBus(options: RedisBusOptions): Promise<RedisBus> {
  const o = resolveRedisBusOptions(options);
  const scripts = await createBusScripts();
  const conn = await connectRedis(o.url, o.logger, "main");
  try {
    const keys = new RedisBusKeys(o.prefix);
    await conn.sendCommand(["HSETNX", keys.config(), "partitions", String(o.partitions)]);
    const stored = Number(await conn.sendCommand(["HGET", keys.config(), "partitions"]));
    if (stored !== o.partitions) {
      throw new Error(
        `Redis bus prefix ${o.prefix} uses ${stored} partitions per topic, this bus was configured with ${o.partitions}`,
      );
    }
    return new RedisStreamsBus(o, conn, keys, scripts);
  } catch (e) {
    conn.destroy();
    throw e;
  }
}

class RedisStreamsBus implements RedisBus {
  readonly #counters: StatCounters;
  readonly #gates = new Map<Topic, BackpressureGate>();
  readonly #seen = new Map<string, SeenIds>();
  readonly #consumers = new Set<GroupConsumer>();
  readonly #tally: ConsumerTally = { finished: 0, waiting: 0 };
  readonly #suffix = crypto.randomUUID().slice(0, 8);
  readonly #publisher: Publisher;
  #subscriptions = 0;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(
    private readonly o: ResolvedRedisBusOptions,
    private readonly conn: OwnedConn,
    private readonly keys: RedisBusKeys,
    private readonly scripts: BusScripts,
  ) {
    this.#counters = new StatCounters(conn, keys, o.logger);
    this.#publisher = new Publisher(conn, keys, scripts, o.policies, o.partitions);
  }

  publish(message: Message): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("Redis bus is closed: cannot publish"));
    const problem = checkEnvelope(message);
    if (problem) return Promise.reject(new TypeError(`Redis bus cannot publish: ${problem}`));
    const topic = topicOf(message.type);
    const p = partitionOf(message.key, this.o.partitions);
    const json = JSON.stringify(message);
    const policy = this.o.policies[topic];
    if (policy.overflow === "drop-oldest") return this.#publisher.add(topic, p, json);
    const gate = this.#gate(topic, policy.capacity);
    // Taking a slot and queueing the message in one synchronous step keeps the gate's count exact.
    if (gate.tryTake()) return this.#publisher.add(topic, p, json);
    return this.#publishWhenRoom(gate, topic, p, json);
  }

  async #publishWhenRoom(
    gate: BackpressureGate,
    topic: Topic,
    p: number,
    json: string,
  ): Promise<void> {
    for (;;) {
      await gate.changed();
      if (gate.closed) throw new Error("Redis bus closed while publish waited for room");
      if (gate.tryTake()) return await this.#publisher.add(topic, p, json);
    }
  }

  #gate(topic: Topic, capacity: number): BackpressureGate {
    let gate = this.#gates.get(topic);
    if (!gate) {
      gate = new BackpressureGate({
        capacity,
        intervalMs: GATE_INTERVAL_MS,
        clock: () => performance.now(),
        readBacklog: async () => {
          // Messages queued before this read must reach Redis before it.
          this.#publisher.flush();
          return Math.max(
            0,
            ...[...(await this.#backlogPerGroup(topic)).values()].map((g) => g.backlog),
          );
        },
        onError: (e) =>
          this.o.logger.warn("Redis bus could not read the backlog of {topic}: {error}", {
            topic,
            error: String(e),
          }),
      });
      this.#gates.set(topic, gate);
    }
    return gate;
  }

  /** Per group: messages undelivered or pending, and the age of the oldest of them (ms) or null. */
  async #backlogPerGroup(
    topic: Topic,
  ): Promise<Map<string, { backlog: number; oldestAgeMs: number | null }>> {
    const policy = this.o.policies[topic];
    const streams = Array.from({ length: this.o.partitions }, (_, p) => this.keys.stream(topic, p));
    const mode = policy.overflow === "drop-oldest" ? "exact" : "lag";
    const flat = await this.scripts.backlog.run<unknown[]>(this.conn, streams, [
      mode,
      policy.capacity * BLOCK_MAXLEN_FACTOR + 1,
    ]);
    const out = new Map<string, { backlog: number; oldestAgeMs: number | null }>();
    for (let i = 0; i + 2 < flat.length; i += 3) {
      const age = Number(flat[i + 2]);
      out.set(String(flat[i]), { backlog: Number(flat[i + 1]), oldestAgeMs: age < 0 ? null : age });
    }
    return out;
  }

  async declare(group: string, topics: readonly Topic[]): Promise<void> {
    if (!group) throw new TypeError("Redis bus declare needs a group name, received an empty one");
    const creates: Promise<unknown>[] = [];
    for (const topic of topics) {
      if (!allTopics.includes(topic)) {
        throw new TypeError(`Redis bus cannot declare unknown topic ${JSON.stringify(topic)}`);
      }
      for (let p = 0; p < this.o.partitions; p++) {
        creates.push(
          this.conn.sendCommand([
            "XGROUP",
            "CREATE",
            this.keys.stream(topic, p),
            group,
            "0",
            "MKSTREAM",
          ])
            .catch((e: unknown) => {
              if (!String(e).includes("BUSYGROUP")) throw e;
            }),
        );
      }
    }
    await Promise.all(creates);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.#closed) throw new Error("Redis bus is closed: cannot subscribe");
    if (options.topics.length === 0) {
      throw new TypeError(`Redis bus subscribe of group ${options.group} needs at least one topic`);
    }
    await this.declare(options.group, options.topics);
    let seen = this.#seen.get(options.group);
    if (!seen) this.#seen.set(options.group, seen = new SeenIds(this.o.dedupeSize));
    const consumer = `${this.o.consumerName}-${this.#suffix}-${++this.#subscriptions}`;
    const blocking = await connectRedis(this.o.url, this.o.logger, `consumer ${consumer}`);
    const c = await GroupConsumer.start({
      ...this.o,
      main: this.conn,
      blocking,
      keys: this.keys,
      scripts: this.scripts,
      counters: this.#counters,
      tally: this.#tally,
      consumer,
      group: options.group,
      topics: [...new Set(options.topics)],
      handler: options.handler,
      batch: options.batch,
      maxAttempts: options.maxAttempts ?? this.o.maxAttempts,
      seen,
      declare: () => this.declare(options.group, options.topics),
    });
    this.#consumers.add(c);
    return {
      close: async () => {
        await c.close();
        this.#consumers.delete(c);
      },
    };
  }

  deadLetters(limit = 100): Promise<DeadLetter[]> {
    return readDeadLetters(this.conn, this.keys, limit);
  }

  async stats(): Promise<Record<string, TopicStats>> {
    await this.#counters.flush();
    const rows = await Promise.all(allTopics.map(async (topic) => {
      const [hash, backlog] = await Promise.all([
        this.conn.sendCommand(["HGETALL", this.keys.stats(topic)]),
        this.#backlogPerGroup(topic),
      ]);
      const h = pairs(hash);
      const stats: TopicStats = {
        published: Number(h.published ?? 0),
        consumed: Number(h.consumed ?? 0),
        deadLettered: Number(h.deadLettered ?? 0),
        dropped: Number(h.dropped ?? 0),
        backlog: [...backlog.values()].reduce((a, g) => a + g.backlog, 0),
        oldestAgeMs: [...backlog.values()].reduce<number | null>(
          (a, g) => g.oldestAgeMs === null ? a : Math.max(a ?? 0, g.oldestAgeMs),
          null,
        ),
      };
      return [topic, stats] as const;
    }));
    return Object.fromEntries(rows);
  }

  /**
   * `messagesOut` counts what Redis stored; `mailbox`, the entries read with
   * `>` that no handler has taken yet (at most `batchSize` per partition held).
   */
  clientStats(): ClientStats {
    return {
      messagesIn: this.#tally.finished,
      messagesOut: this.#publisher.stored,
      mailbox: this.#tally.waiting,
    };
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    for (const gate of this.#gates.values()) gate.close();
    await Promise.all([...this.#consumers].map((c) => c.close()));
    this.#publisher.flush();
    await this.#counters.flush();
    await this.conn.close();
  }

  abort(): void {
    this.#closed = true;
    this.#closing ??= Promise.resolve();
    for (const gate of this.#gates.values()) gate.close();
    for (const c of this.#consumers) c.abort();
    this.#counters.abort();
    this.conn.destroy();
  }
}
