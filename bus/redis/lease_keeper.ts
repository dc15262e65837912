/**
 * Partition leases of one consumer: heartbeats into the group's membership,
 * renews the leases it holds, gives up what is over its fair share and takes
 * free partitions up to it.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Topic } from "../../messages/mod.ts";
import type { RedisConn } from "./connect.ts";
import { fnv1a32, type RedisBusKeys } from "./keys.ts";
import type { PartitionState } from "./partition_work.ts";
import type { BusScripts } from "./scripts.ts";

/** What {@linkcode LeaseKeeper} needs from its consumer. */
export interface LeaseKeeperOptions {
  conn: RedisConn;
  keys: RedisBusKeys;
  scripts: BusScripts;
  logger: Logger;
  consumer: string;
  group: string;
  topics: readonly Topic[];
  partitions: number;
  leaseMs: number;
  /** The partitions the consumer has (including those it is giving back). */
  held(): PartitionState[];
  /** A lease was taken; trust it until `validUntil` (monotonic ms). */
  taken(topic: Topic, index: number, validUntil: number): void;
  /** Stop using `s` and give it back (also when its lease was lost). */
  release(s: PartitionState): void;
}

/**
 * A lease is trusted locally for this share of its time, measured from when
 * its renewal was sent, leaving room for clock drift and a late tick.
 */
const TRUST = 0.8;

/**
 * Runs the lease round every `leaseMs / 3`.
 *
 * @example
 * ```ts
 * declare const options: LeaseKeeperOptions;
 * const keeper = new LeaseKeeper(options);
 * await keeper.start();
 * await keeper.stop();
 * await keeper.leave();
 * ```
 */
export class LeaseKeeper {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #round: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(private readonly o: LeaseKeeperOptions) {}

  /** Runs the first round, then keeps running rounds until {@linkcode stop}. */
  async start(): Promise<void> {
    this.#round = this.#run();
    await this.#round;
  }

  /** Stops the rounds; waits for one in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#round;
  }

  /** Removes the consumer from its group's membership so others rebalance at once. */
  async leave(): Promise<void> {
    await Promise.all(
      this.o.topics.map((t) =>
        this.o.conn.sendCommand(["ZREM", this.o.keys.members(this.o.group, t), this.o.consumer])
      ),
    );
  }

  async #run(): Promise<void> {
    try {
      await this.#tick();
    } catch (e) {
      // Leases not renewed lapse locally (validUntil), so reading stops in time anyway.
      this.o.logger.warn("Redis bus consumer {consumer} lease round failed: {error}", {
        consumer: this.o.consumer,
        error: String(e),
      });
    }
    if (!this.#stopped) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#round = this.#run();
      }, Math.max(1, Math.floor(this.o.leaseMs / 3)));
    }
  }

  async #tick(): Promise<void> {
    const o = this.o;
    const sentAt = performance.now();
    const live = await o.scripts.heartbeat.run<number[]>(
      o.conn,
      o.topics.map((t) => o.keys.members(o.group, t)),
      [o.consumer, o.leaseMs],
    );
    // Partitions being given back are renewed too: their message in hand is
    // still ours until the hand-off deletes the lease.
    const kept = o.held();
    if (kept.length > 0) {
      const renewed = await o.scripts.renew.run<number[]>(o.conn, kept.map((s) => s.lease), [
        o.consumer,
        o.leaseMs,
      ]);
      const lost: PartitionState[] = [];
      kept.forEach((s, i) => {
        if (renewed[i] === 1) s.validUntil = sentAt + o.leaseMs * TRUST;
        else if (s.phase !== "releasing") lost.push(s);
      });
      if (lost.length > 0) {
        // One line a round: an outage past leaseMs loses every partition at once.
        o.logger.warn("Redis bus consumer {consumer} lost the leases of {streams}", {
          consumer: o.consumer,
          streams: lost.map((s) => s.stream).join(", "),
        });
        for (const s of lost) o.release(s);
      }
    }
    if (this.#stopped) return;
    for (const [i, topic] of o.topics.entries()) {
      const share = Math.ceil(o.partitions / Math.max(1, live[i] ?? 1));
      const mine = o.held().filter((s) => s.topic === topic && s.phase !== "releasing");
      if (mine.length > share) {
        // Give back ready partitions first: they have nothing in hand.
        const order = { ready: 0, recovering: 1, busy: 2, releasing: 3 };
        mine.sort((a, b) => order[a.phase] - order[b.phase]);
        for (const s of mine.slice(0, mine.length - share)) o.release(s);
      } else if (mine.length < share) {
        await this.#acquire(topic, share - mine.length);
      }
    }
  }

  async #acquire(topic: Topic, need: number): Promise<void> {
    const o = this.o;
    const have = new Set(o.held().filter((s) => s.topic === topic).map((s) => s.index));
    // Start at a per-consumer offset so consumers joining together try different partitions.
    const start = fnv1a32(o.consumer) % o.partitions;
    const candidates: number[] = [];
    for (let k = 0; k < o.partitions; k++) {
      const p = (start + k) % o.partitions;
      if (!have.has(p)) candidates.push(p);
    }
    if (candidates.length === 0) return;
    const sentAt = performance.now();
    const got = await o.scripts.acquire.run<number[]>(
      o.conn,
      candidates.map((p) => o.keys.lease(o.group, topic, p)),
      [o.consumer, o.leaseMs, need],
    );
    if (this.#stopped) {
      // Raced with stop: the consumer will not read these, so hand them back now.
      await Promise.all(got.map((i) => {
        const lease = o.keys.lease(o.group, topic, candidates[i - 1] ?? -1);
        return o.scripts.renew.run(o.conn, [lease], [o.consumer, 1]);
      }));
      return;
    }
    for (const i of got) {
      const p = candidates[i - 1];
      if (p !== undefined) o.taken(topic, p, sentAt + o.leaseMs * TRUST);
    }
  }
}
