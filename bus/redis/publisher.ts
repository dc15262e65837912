/**
 * Coalesced publishing: messages published in the same tick leave as one
 * script call per topic (`block`) or per stream (`drop-oldest`), in call
 * order, instead of one command each.
 *
 * @module
 */
import type { Topic } from "../../messages/mod.ts";
import type { MailboxPolicy } from "../types.ts";
import type { RedisConn } from "./connect.ts";
import type { RedisBusKeys } from "./keys.ts";
import type { BusScripts } from "./scripts.ts";

/** Messages per script call; keeps one call's time in Redis around a millisecond. */
const CHUNK = 1_000;
/** Safety-net trimming of `block` topics, as a multiple of the capacity. */
export const BLOCK_MAXLEN_FACTOR = 10;

interface Batch {
  topic: Topic;
  /** The drop-oldest stream, or undefined for a block topic (partition per message). */
  stream: string | undefined;
  args: string[];
  count: number;
  done: PromiseWithResolvers<void>;
}

/**
 * Queues messages and sends them at the end of the tick.
 *
 * @example
 * ```ts
 * declare const conn: RedisConn, keys: RedisBusKeys, scripts: BusScripts;
 * declare const policies: Record<Topic, MailboxPolicy>;
 * const publisher = new Publisher(conn, keys, scripts, policies, 8);
 * await publisher.add("candle", 3, '{"id":"1"}');
 * ```
 */
export class Publisher {
  #open = new Map<string, Batch>();
  #queue: Batch[] = [];
  #scheduled = false;
  #stored = 0;

  constructor(
    private readonly conn: RedisConn,
    private readonly keys: RedisBusKeys,
    private readonly scripts: BusScripts,
    private readonly policies: Record<Topic, MailboxPolicy>,
    private readonly partitions: number,
  ) {}

  /** Messages Redis has stored so far. */
  get stored(): number {
    return this.#stored;
  }

  /** Queues one message JSON for partition `p` of `topic`; resolves once Redis stored it. */
  add(topic: Topic, p: number, json: string): Promise<void> {
    const dropOldest = this.policies[topic].overflow === "drop-oldest";
    const slot = dropOldest ? `${topic}:${p}` : topic;
    let batch = this.#open.get(slot);
    if (!batch || batch.count >= CHUNK) {
      batch = {
        topic,
        stream: dropOldest ? this.keys.stream(topic, p) : undefined,
        args: [String(this.policies[topic].capacity * (dropOldest ? 1 : BLOCK_MAXLEN_FACTOR))],
        count: 0,
        done: Promise.withResolvers<void>(),
      };
      this.#open.set(slot, batch);
      this.#queue.push(batch);
    }
    if (dropOldest) batch.args.push(json);
    else batch.args.push(String(p + 1), json);
    batch.count++;
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.flush());
    }
    return batch.done.promise;
  }

  /**
   * Sends every queued batch now. Synchronous, so a command issued right
   * after it on the same connection is ordered after these messages.
   */
  flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    this.#open.clear();
    for (const b of queue) {
      const stats = this.keys.stats(b.topic);
      const sent = b.stream === undefined
        ? this.scripts.publishBlock.run(this.conn, [...this.#streams(b.topic), stats], b.args)
        : this.scripts.publishDropOldest.run(this.conn, [b.stream, stats], b.args);
      sent.then(() => {
        this.#stored += b.count;
        b.done.resolve();
      }, b.done.reject);
    }
  }

  #streamCache = new Map<Topic, string[]>();

  #streams(topic: Topic): string[] {
    let s = this.#streamCache.get(topic);
    if (!s) {
      s = Array.from({ length: this.partitions }, (_, p) => this.keys.stream(topic, p));
      this.#streamCache.set(topic, s);
    }
    return s;
  }
}
