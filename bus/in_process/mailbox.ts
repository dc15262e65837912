import type { MailboxPolicy } from "../types.ts";
import { Deque } from "./deque.ts";

/** A message held by the broker, with the header fields it routes on. */
export interface BrokerEntry {
  id: string;
  topic: string;
  /** The whole message as received; consumers validate it. */
  message: unknown;
  attempt: number;
  /** When it entered the broker, by the broker's clock. */
  at: number;
}

/**
 * One consumer group's bounded queue for one topic. Under `block` a full
 * mailbox parks the producer's entry (and every later one, to keep order)
 * until there is room; under `drop-oldest` it drops the oldest and counts it.
 *
 * @example
 * ```ts
 * const box = new Mailbox({ capacity: 1, overflow: "block" });
 * box.offer({ id: "a", topic: "candle", message: {}, attempt: 1 }); // null: accepted
 * const waiting = box.offer({ id: "b", topic: "candle", message: {}, attempt: 1 }); // a Promise
 * box.take();
 * box.settle(); // the consumer acknowledged it: resolves `waiting`
 * ```
 */
export class Mailbox {
  readonly queue = new Deque<BrokerEntry>();
  readonly #parked = new Deque<{ entry: BrokerEntry; release: () => void }>();
  dropped = 0;
  /** Entries taken by the consumer and not yet settled: they still count against the bound. */
  taken = 0;

  constructor(readonly policy: MailboxPolicy) {}

  /** Entries queued, parked by waiting producers, or taken and unsettled. */
  get depth(): number {
    return this.queue.length + this.#parked.length + this.taken;
  }

  /** Entries counted against the bound: queued and taken. */
  get #held(): number {
    return this.queue.length + this.taken;
  }

  /** Accepts an entry: `null` when taken now, a promise when the producer must wait. */
  offer(entry: BrokerEntry): Promise<void> | null {
    const { capacity, overflow } = this.policy;
    if (overflow === "drop-oldest") {
      if (this.queue.length >= capacity) {
        this.queue.shift();
        this.dropped++;
      }
      this.queue.push(entry);
      return null;
    }
    if (this.#parked.length === 0 && this.#held < capacity) {
      this.queue.push(entry);
      return null;
    }
    return new Promise((release) => this.#parked.push({ entry, release }));
  }

  take(): BrokerEntry | undefined {
    const entry = this.queue.shift();
    if (entry) this.taken++;
    return entry;
  }

  /** A taken entry was acknowledged or dead-lettered: its slot frees up. */
  settle(): void {
    this.taken--;
    this.admit();
  }

  /** Moves parked entries in, in order, while there is room. */
  admit(): void {
    while (this.#parked.length > 0 && this.#held < this.policy.capacity) {
      const p = this.#parked.shift()!;
      this.queue.push(p.entry);
      p.release();
    }
  }

  /** Puts a redelivery back at the front, ahead of everything queued. */
  requeueFront(entry: BrokerEntry): void {
    this.taken--;
    this.queue.unshift(entry);
  }
}
