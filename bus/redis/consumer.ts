/**
 * One subscription of the Redis bus: a consumer that holds leases on some
 * partitions of its group's topics and reads them with one blocking
 * connection.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { MessageType } from "../../messages/mod.ts";
import type { Handler, Subscription } from "../types.ts";
import type { OwnedConn, RedisConn } from "./connect.ts";
import type { StatCounters } from "./counters.ts";
import { LeaseKeeper } from "./lease_keeper.ts";
import type { RedisBusKeys } from "./keys.ts";
import type { RecentIds } from "./lru.ts";
import {
  mayContinue,
  type PartitionState,
  runBatch,
  runRecovery,
  type WorkContext,
} from "./partition_work.ts";
import type { BusScripts } from "./scripts.ts";
import { parseStreamsReply } from "./wire.ts";

type Timer = ReturnType<typeof setTimeout>;

/** What {@linkcode GroupConsumer.start} needs. */
export interface ConsumerOptions {
  main: RedisConn;
  blocking: OwnedConn;
  keys: RedisBusKeys;
  scripts: BusScripts;
  counters: StatCounters;
  logger: Logger;
  now: () => number;
  consumer: string;
  group: string;
  topics: readonly MessageType[];
  handler: Handler;
  maxAttempts: number;
  seen: RecentIds;
  partitions: number;
  leaseMs: number;
  claimIdleMs: number;
  blockMs: number;
  batchSize: number;
  retryBackoffMs: number;
  /** Creates the group on every partition again (after NOGROUP). */
  declare: () => Promise<void>;
}

/**
 * Consumes a group's partitions held under lease: recovers each taken
 * partition's pending entries first, then reads new entries in batches.
 *
 * @example
 * ```ts
 * declare const options: ConsumerOptions;
 * const consumer = await GroupConsumer.start(options);
 * await consumer.close();
 * ```
 */
export class GroupConsumer implements Subscription {
  readonly #o: ConsumerOptions;
  readonly #ctx: WorkContext;
  readonly #states = new Map<string, PartitionState>();
  readonly #keeper: LeaseKeeper;
  readonly #sleeps = new Set<{ timer: Timer; resolve: (ok: boolean) => void }>();
  #wakers: (() => void)[] = [];
  #stopping = false;
  #aborted = false;
  #blockingId = "";
  #blocked = false;
  #unblockSent = false;
  #readSeq = 0;
  readonly #retryTimers = new Set<Timer>();
  #reader: Promise<void> = Promise.resolve();
  #closed: Promise<void> | undefined;

  private constructor(o: ConsumerOptions) {
    this.#o = o;
    this.#ctx = {
      conn: o.main,
      keys: o.keys,
      scripts: o.scripts,
      counters: o.counters,
      logger: o.logger,
      now: o.now,
      group: o.group,
      consumer: o.consumer,
      handler: o.handler,
      maxAttempts: o.maxAttempts,
      retryBackoffMs: o.retryBackoffMs,
      claimIdleMs: o.claimIdleMs,
      leaseMs: o.leaseMs,
      seen: o.seen,
      sleep: (ms) => this.#sleep(ms),
      stopping: () => this.#stopping,
      aborted: () => this.#aborted,
    };
    this.#keeper = new LeaseKeeper({
      ...o,
      conn: o.main,
      held: () => [...this.#states.values()],
      taken: (topic, index, validUntil) => this.#take(topic, index, validUntil),
      release: (s) => void this.#release(s),
    });
  }

  /** Starts consuming; resolves after the first lease round. */
  static async start(o: ConsumerOptions): Promise<GroupConsumer> {
    const c = new GroupConsumer(o);
    c.#blockingId = String(await o.blocking.sendCommand(["CLIENT", "ID"]));
    await c.#keeper.start();
    c.#reader = c.#readLoop();
    return c;
  }

  /** Stops reading, finishes the message in hand, acks, hands partitions over, leaves the group. */
  close(): Promise<void> {
    this.#closed ??= this.#shutdown();
    return this.#closed;
  }

  /** Stops at once without acking, releasing or leaving: what a crashed process does. */
  abort(): void {
    this.#aborted = true;
    this.#stop();
    this.#keeper.stop();
    this.#o.blocking.destroy();
    this.#clearRetries();
    this.#closed ??= Promise.resolve();
  }

  #clearRetries(): void {
    for (const t of this.#retryTimers) clearTimeout(t);
    this.#retryTimers.clear();
  }

  async #shutdown(): Promise<void> {
    this.#stop();
    await this.#keeper.stop();
    await this.#reader;
    this.#clearRetries();
    await Promise.all([...this.#states.values()].map((s) => this.#release(s)));
    await this.#keeper.leave();
    await this.#o.blocking.close();
  }

  #stop(): void {
    this.#stopping = true;
    for (const s of this.#sleeps) {
      clearTimeout(s.timer);
      s.resolve(false);
    }
    this.#sleeps.clear();
    this.#wake();
  }

  #sleep(ms: number): Promise<boolean> {
    if (this.#stopping) return Promise.resolve(false);
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.#sleeps.delete(entry);
          resolve(true);
        }, ms),
        resolve,
      };
      this.#sleeps.add(entry);
    });
  }

  /** Lets the reader pick up a change: wakes it, or interrupts its blocking read. */
  #wake(): void {
    const wakers = this.#wakers;
    this.#wakers = [];
    for (const w of wakers) w();
    if (this.#blocked && !this.#unblockSent && !this.#aborted) {
      this.#unblockSent = true;
      this.#unblock(this.#readSeq, 0);
    }
  }

  /**
   * CLIENT UNBLOCK may reach Redis before the XREADGROUP it targets (they go
   * over different connections); then it unblocks nothing and is retried.
   */
  #unblock(seq: number, tries: number): void {
    this.#o.main.sendCommand<number>(["CLIENT", "UNBLOCK", this.#blockingId]).then((n) => {
      if (n === 0 && tries < 50 && this.#blocked && this.#readSeq === seq && !this.#aborted) {
        const timer = setTimeout(() => {
          this.#retryTimers.delete(timer);
          this.#unblock(seq, tries + 1);
        }, 2);
        this.#retryTimers.add(timer);
      }
    }, () => {});
  }

  #waitForWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakers.push(done);
    });
  }

  #take(topic: MessageType, index: number, validUntil: number): void {
    const s: PartitionState = {
      topic,
      index,
      stream: this.#o.keys.stream(topic, index),
      lease: this.#o.keys.lease(this.#o.group, topic, index),
      phase: "recovering",
      validUntil,
      work: Promise.resolve(),
    };
    this.#states.set(s.stream, s);
    this.#recover(s);
  }

  #recover(s: PartitionState): void {
    s.phase = "recovering";
    s.work = (async () => {
      for (;;) {
        try {
          if (await runRecovery(this.#ctx, s)) break;
          return;
        } catch (e) {
          this.#warn("recovering", s, e);
          if (!(await this.#sleep(200))) return;
        }
      }
      if (s.phase === "recovering") s.phase = "ready";
      this.#wake();
    })();
  }

  #releases = new Map<PartitionState, Promise<void>>();

  #release(s: PartitionState): Promise<void> {
    let p = this.#releases.get(s);
    if (p) return p;
    s.phase = "releasing";
    p = (async () => {
      await s.work;
      if (!this.#aborted) {
        try {
          await this.#o.scripts.handoff.run(this.#o.main, [s.lease, s.stream], [
            this.#o.group,
            this.#o.consumer,
            365 * 24 * 3_600_000,
          ]);
        } catch (e) {
          this.#warn("handing over", s, e);
        }
      }
      this.#states.delete(s.stream);
      this.#releases.delete(s);
    })();
    this.#releases.set(s, p);
    return p;
  }

  #warn(doing: string, s: PartitionState, e: unknown): void {
    if (this.#aborted) return;
    this.#o.logger.warn("Redis bus consumer {consumer} failed {doing} {stream}: {error}", {
      consumer: this.#o.consumer,
      doing,
      stream: s.stream,
      error: String(e),
    });
  }

  async #readLoop(): Promise<void> {
    const o = this.#o;
    while (!this.#stopping) {
      const now = performance.now();
      const ready = [...this.#states.values()].filter((s) =>
        s.phase === "ready" && s.validUntil > now
      );
      if (ready.length === 0) {
        await this.#waitForWake(o.leaseMs / 3);
        continue;
      }
      let reply: unknown;
      this.#blocked = true;
      this.#unblockSent = false;
      this.#readSeq++;
      try {
        reply = await o.blocking.sendCommand([
          "XREADGROUP",
          "GROUP",
          o.group,
          o.consumer,
          "COUNT",
          String(o.batchSize),
          "BLOCK",
          String(o.blockMs),
          "STREAMS",
          ...ready.map((s) => s.stream),
          ...ready.map(() => ">"),
        ]);
      } catch (e) {
        this.#blocked = false;
        if (this.#stopping) break;
        await this.#readFailed(e);
        continue;
      }
      this.#blocked = false;
      for (const [stream, entries] of parseStreamsReply(reply)) {
        const s = this.#states.get(stream);
        // Entries of a partition given up meanwhile stay pending; its hand-off makes them claimable.
        if (!s || s.phase !== "ready" || entries.length === 0 || !mayContinue(this.#ctx, s)) {
          continue;
        }
        s.phase = "busy";
        s.work = runBatch(this.#ctx, s, entries).then(() => {
          if (s.phase === "busy") s.phase = "ready";
        }, (e) => {
          this.#warn("handling a batch of", s, e);
          // What was not acked is redelivered from the pending list, in order.
          if (s.phase === "busy") this.#recover(s);
        }).finally(() => this.#wake());
      }
    }
  }

  async #readFailed(e: unknown): Promise<void> {
    const o = this.#o;
    o.logger.warn("Redis bus consumer {consumer} failed to read: {error}", {
      consumer: o.consumer,
      error: String(e),
    });
    try {
      if (String(e).includes("NOGROUP")) await o.declare();
      // A reconnect gives the blocking connection a new client id.
      this.#blockingId = String(await o.blocking.sendCommand(["CLIENT", "ID"]));
    } catch {
      // Still down: try again after the pause.
    }
    await this.#sleep(200);
  }
}
