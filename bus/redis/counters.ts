/**
 * Durable per-topic counters, coalesced: increments made in one tick go to
 * Redis as one HINCRBY per topic and field.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Topic } from "../../messages/mod.ts";
import type { RedisConn } from "./connect.ts";
import type { RedisBusKeys } from "./keys.ts";

/** A counter field of the stats hash. */
export type CounterField = "published" | "consumed" | "deadLettered" | "dropped";

/**
 * Buffers counter increments and flushes them at the end of the tick.
 *
 * @example
 * ```ts
 * declare const conn: RedisConn, keys: RedisBusKeys, logger: Logger;
 * const counters = new StatCounters(conn, keys, logger);
 * counters.add("candle", "published", 1);
 * await counters.flush();
 * ```
 */
export class StatCounters {
  #pending = new Map<string, number>();
  #scheduled = false;
  #inflight = new Set<Promise<void>>();
  #aborted = false;

  constructor(
    private readonly conn: RedisConn,
    private readonly keys: RedisBusKeys,
    private readonly logger: Logger,
  ) {}

  /** Adds `n` to `field` of `topic`; sent to Redis at the end of this tick. */
  add(topic: Topic, field: CounterField, n: number): void {
    if (n === 0) return;
    const k = `${topic}\u0000${field}`;
    this.#pending.set(k, (this.#pending.get(k) ?? 0) + n);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => void this.flush());
    }
  }

  /** Drops buffered increments and sends no more: the bus was aborted. */
  abort(): void {
    this.#aborted = true;
    this.#pending.clear();
  }

  /** Sends buffered increments and waits for every flush in flight. */
  async flush(): Promise<void> {
    this.#scheduled = false;
    if (this.#pending.size > 0 && !this.#aborted) {
      const batch = this.#pending;
      this.#pending = new Map();
      const p = Promise.all([...batch].map(([k, n]) => {
        const [topic, field] = k.split("\u0000") as [Topic, CounterField];
        return this.conn.sendCommand(["HINCRBY", this.keys.stats(topic), field, String(n)]);
      })).then(() => {}, (e: unknown) => {
        if (this.#aborted) return;
        this.logger.warn("Redis bus could not update stats counters: {error}", {
          error: String(e),
        });
      });
      this.#inflight.add(p);
      void p.finally(() => this.#inflight.delete(p));
    }
    await Promise.all(this.#inflight);
  }
}
