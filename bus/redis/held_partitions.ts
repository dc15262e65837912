/**
 * The partitions one Redis bus consumer holds, each through its phases:
 * recovering its pending entries, ready to be read, busy with a batch, and
 * released (handed over to the next owner).
 *
 * @module
 */
import type { Topic } from "../../messages/mod.ts";
import { runBatch } from "./batch_work.ts";
import {
  mayContinue,
  type PartitionState,
  runRecovery,
  type WorkContext,
} from "./partition_work.ts";
import type { ReaderWake } from "./reader_wake.ts";
import { parseStreamsReply } from "./wire.ts";

/**
 * A consumer's partitions by stream key. A partition taken is recovered
 * first, then read; what the reader returns is dispatched to it as a batch;
 * a partition given up is handed over once no read can still add to its
 * pending list.
 *
 * @example
 * ```ts
 * import type { WorkContext } from "./partition_work.ts";
 * import type { ReaderWake } from "./reader_wake.ts";
 * declare const ctx: WorkContext, wake: ReaderWake, reply: unknown;
 * const held = new HeldPartitions(ctx, wake);
 * held.take("candle", 0, performance.now() + 8_000);
 * held.dispatch(reply); // an XREADGROUP reply: each ready partition gets its entries
 * await held.releaseAll();
 * ```
 */
export class HeldPartitions {
  readonly #ctx: WorkContext;
  readonly #wake: ReaderWake;
  readonly #states = new Map<string, PartitionState>();
  readonly #releases = new Map<PartitionState, Promise<void>>();

  constructor(ctx: WorkContext, wake: ReaderWake) {
    this.#ctx = ctx;
    this.#wake = wake;
  }

  /** Every partition held, those being given back included. */
  all(): PartitionState[] {
    return [...this.#states.values()];
  }

  /** The partitions that may be read at `now`: ready, with a lease trusted for 1 ms more at least. */
  readable(now: number): PartitionState[] {
    return [...this.#states.values()].filter((s) => s.phase === "ready" && s.validUntil - now >= 1);
  }

  /** Starts on a partition whose lease was taken: recovers it, then lets it be read. */
  take(topic: Topic, index: number, validUntil: number): void {
    const { keys, group } = this.#ctx;
    const s: PartitionState = {
      topic,
      index,
      stream: keys.stream(topic, index),
      lease: keys.lease(group, topic, index),
      phase: "recovering",
      validUntil,
      work: Promise.resolve(),
    };
    this.#states.set(s.stream, s);
    this.#recover(s);
  }

  /** Gives every partition back. */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.#states.values()].map((s) => this.release(s)));
  }

  /** Stops work on `s` and hands it over; called again, returns the same hand-over. */
  release(s: PartitionState): Promise<void> {
    let p = this.#releases.get(s);
    if (p) return p;
    s.phase = "releasing";
    p = (async () => {
      await s.work;
      // A read in flight may still add entries of this stream to our pending
      // list; hand over only after it returned, or the next owner may miss them.
      while (this.#wake.read?.streams.has(s.stream)) {
        this.#wake.wake();
        await this.#wake.read.done;
      }
      if (!this.#ctx.aborted()) {
        try {
          await this.#ctx.scripts.handoff.run(this.#ctx.conn, [s.lease, s.stream], [
            this.#ctx.group,
            this.#ctx.consumer,
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

  /** Hands each partition in an `XREADGROUP` reply its entries, as one batch. */
  dispatch(reply: unknown): void {
    for (const [stream, entries] of parseStreamsReply(reply)) {
      const s = this.#states.get(stream);
      // Entries of a partition given up meanwhile stay pending; its hand-off makes them claimable.
      if (!s || s.phase !== "ready" || entries.length === 0 || this.#ctx.stopping()) continue;
      if (!mayContinue(this.#ctx, s)) {
        // The lease lapsed locally mid-read: the entries wait in our pending
        // list, and recovery redelivers them in order if the lease holds.
        this.#recover(s);
        continue;
      }
      s.phase = "busy";
      s.work = runBatch(this.#ctx, s, entries).then(() => {
        if (s.phase === "busy") s.phase = "ready";
      }, (e) => {
        this.#warn("handling a batch of", s, e);
        // What was not acked is redelivered from the pending list, in order.
        if (s.phase === "busy") this.#recover(s);
      }).finally(() => this.#wake.wake());
    }
  }

  #recover(s: PartitionState): void {
    s.phase = "recovering";
    s.work = (async () => {
      for (;;) {
        try {
          if (await runRecovery(this.#ctx, s)) break;
        } catch (e) {
          this.#warn("recovering", s, e);
        }
        // Stopped, or the lease is not trusted right now: go on once it is renewed.
        if (s.phase === "releasing" || !(await this.#ctx.sleep(50))) return;
      }
      if (s.phase === "recovering") s.phase = "ready";
      this.#wake.wake();
    })();
  }

  #warn(doing: string, s: PartitionState, e: unknown): void {
    if (this.#ctx.aborted()) return;
    this.#ctx.logger.warn("Redis bus consumer {consumer} failed {doing} {stream}: {error}", {
      consumer: this.#ctx.consumer,
      doing,
      stream: s.stream,
      error: String(e),
    });
  }
}
