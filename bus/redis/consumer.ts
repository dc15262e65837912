/**
 * One subscription of the Redis bus: a consumer that holds leases on some
 * partitions of its group's topics and reads them with one blocking
 * connection.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Topic } from "../../messages/mod.ts";
import type { BatchOptions, Handler, Subscription } from "../types.ts";
import type { OwnedConn, RedisConn } from "./connect.ts";
import type { StatCounters } from "./counters.ts";
import { HeldPartitions } from "./held_partitions.ts";
import { LeaseKeeper } from "./lease_keeper.ts";
import type { RedisBusKeys } from "./keys.ts";
import type { SeenIds } from "../seen_ids.ts";
import type { ConsumerTally, WorkContext } from "./partition_work.ts";
import type { BusScripts } from "./scripts.ts";
import { ReaderWake } from "./reader_wake.ts";

type Timer = ReturnType<typeof setTimeout>;

/** What {@linkcode GroupConsumer.start} needs. */
export interface ConsumerOptions {
  main: RedisConn;
  blocking: OwnedConn;
  keys: RedisBusKeys;
  scripts: BusScripts;
  counters: StatCounters;
  /** Shared by the bus's consumers: what its `clientStats()` reports. */
  tally: ConsumerTally;
  logger: Logger;
  now: () => number;
  consumer: string;
  group: string;
  topics: readonly Topic[];
  handler: Handler;
  batch?: BatchOptions;
  maxAttempts: number;
  seen: SeenIds;
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
  readonly #partitions: HeldPartitions;
  readonly #keeper: LeaseKeeper;
  readonly #sleeps = new Set<{ timer: Timer; resolve: (ok: boolean) => void }>();
  #stopping = false;
  #aborted = false;
  readonly #stopped = new AbortController();
  readonly #wake: ReaderWake;
  #reader: Promise<void> = Promise.resolve();
  #closed: Promise<void> | undefined;

  private constructor(o: ConsumerOptions) {
    this.#o = o;
    this.#ctx = {
      conn: o.main,
      keys: o.keys,
      scripts: o.scripts,
      counters: o.counters,
      tally: o.tally,
      logger: o.logger,
      now: o.now,
      group: o.group,
      consumer: o.consumer,
      handler: o.handler,
      batch: o.batch,
      maxAttempts: o.maxAttempts,
      retryBackoffMs: o.retryBackoffMs,
      claimIdleMs: o.claimIdleMs,
      leaseMs: o.leaseMs,
      seen: o.seen,
      signal: this.#stopped.signal,
      sleep: (ms) => this.#sleep(ms),
      stopping: () => this.#stopping,
      aborted: () => this.#aborted,
    };
    this.#wake = new ReaderWake(o.main);
    this.#partitions = new HeldPartitions(this.#ctx, this.#wake);
    this.#keeper = new LeaseKeeper({
      ...o,
      conn: o.main,
      held: () => this.#partitions.all(),
      taken: (topic, index, validUntil) => this.#partitions.take(topic, index, validUntil),
      release: (s) => void this.#partitions.release(s),
    });
  }

  /** Starts consuming; resolves after the first lease round. */
  static async start(o: ConsumerOptions): Promise<GroupConsumer> {
    const c = new GroupConsumer(o);
    c.#wake.blockingId = String(await o.blocking.sendCommand(["CLIENT", "ID"]));
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
    this.#wake.stop();
    this.#closed ??= Promise.resolve();
  }

  async #shutdown(): Promise<void> {
    this.#stop();
    await this.#keeper.stop();
    await this.#reader;
    this.#wake.stop();
    await this.#partitions.releaseAll();
    await this.#keeper.leave();
    await this.#o.blocking.close();
  }

  #stop(): void {
    this.#stopping = true;
    this.#stopped.abort(new Error("the consumer is stopping"));
    for (const s of this.#sleeps) {
      clearTimeout(s.timer);
      s.resolve(false);
    }
    this.#sleeps.clear();
    this.#wake.wake();
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

  async #readLoop(): Promise<void> {
    const o = this.#o;
    while (!this.#stopping) {
      const now = performance.now();
      // Entries must land in our pending list while the lease is trusted, so
      // the block ends before the earliest lease lapses.
      const ready = this.#partitions.readable(now);
      if (ready.length === 0) {
        await this.#wake.wait(o.leaseMs / 3);
        continue;
      }
      const block = Math.floor(Math.min(o.blockMs, ...ready.map((s) => s.validUntil - now)));
      let reply: unknown;
      const read = this.#wake.begin(ready.map((s) => s.stream));
      try {
        reply = await o.blocking.sendCommand([
          "XREADGROUP",
          "GROUP",
          o.group,
          o.consumer,
          "COUNT",
          String(o.batchSize),
          "BLOCK",
          String(Math.max(1, block)),
          "STREAMS",
          ...ready.map((s) => s.stream),
          ...ready.map(() => ">"),
        ]);
      } catch (e) {
        this.#wake.end(read);
        if (this.#stopping) break;
        await this.#readFailed(e);
        continue;
      }
      try {
        this.#partitions.dispatch(reply);
      } catch (e) {
        o.logger.warn("Redis bus consumer {consumer} got an unreadable reply: {error}", {
          consumer: o.consumer,
          error: String(e),
        });
      } finally {
        this.#wake.end(read);
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
      this.#wake.blockingId = String(await o.blocking.sendCommand(["CLIENT", "ID"]));
    } catch {
      // Still down: try again after the pause.
    }
    await this.#sleep(200);
  }
}
