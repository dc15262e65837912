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
  /** What it counts against a `block` bound: its rows for a batch, else 1. */
  weight: number;
}

/**
 * One consumer group's bounded queue for one topic. Under `block` a full
 * mailbox parks the producer's entry (and every later one, to keep order)
 * until there is room; under `drop-oldest` it drops the oldest and counts it.
 * The `block` bound counts weights, so a batch of 1,000 candles holds as much
 * of it as 1,000 single candles; an entry heavier than the whole bound is
 * taken when the mailbox is empty, so it cannot wait forever.
 *
 * @example
 * ```ts
 * const box = new Mailbox({ capacity: 1, overflow: "block" });
 * box.offer({ id: "a", topic: "candle", message: {}, attempt: 1, at: 0, weight: 1 }); // null: accepted
 * const waiting = box.offer({ id: "b", topic: "candle", message: {}, attempt: 1, at: 0, weight: 1 }); // a Promise
 * const a = box.take()!;
 * box.settle(a); // the consumer acknowledged it: resolves `waiting`
 * ```
 */
export class Mailbox {
  readonly queue = new Deque<BrokerEntry>();
  readonly #parked = new Deque<{ entry: BrokerEntry; release: () => void }>();
  dropped = 0;
  /** Entries taken by the consumer and not yet settled: they still count against the bound. */
  taken = 0;
  /** Weight of the queued entries, and of the taken ones. */
  #queued = 0;
  #inHand = 0;
  #parkedWeight = 0;

  constructor(readonly policy: MailboxPolicy) {}

  /** Entries queued, parked by waiting producers, or taken and unsettled. */
  get depth(): number {
    return this.queue.length + this.#parked.length + this.taken;
  }

  /** Weight counted against a `block` bound, parked entries included: what is left is room. */
  get load(): number {
    return this.#queued + this.#inHand + this.#parkedWeight;
  }

  #fits(weight: number): boolean {
    const held = this.#queued + this.#inHand;
    return held === 0 || held + weight <= this.policy.capacity;
  }

  /** Accepts an entry: `null` when taken now, a promise when the producer must wait. */
  offer(entry: BrokerEntry): Promise<void> | null {
    if (this.policy.overflow === "drop-oldest") {
      // Superseded data comes singly (ticks, heartbeats): this bound counts entries.
      if (this.queue.length >= this.policy.capacity) {
        this.#queued -= this.queue.shift()!.weight;
        this.dropped++;
      }
      this.#push(entry);
      return null;
    }
    if (this.#parked.length === 0 && this.#fits(entry.weight)) {
      this.#push(entry);
      return null;
    }
    this.#parkedWeight += entry.weight;
    return new Promise((release) => this.#parked.push({ entry, release }));
  }

  #push(entry: BrokerEntry): void {
    this.queue.push(entry);
    this.#queued += entry.weight;
  }

  take(): BrokerEntry | undefined {
    const entry = this.queue.shift();
    if (entry) {
      this.taken++;
      this.#queued -= entry.weight;
      this.#inHand += entry.weight;
    }
    return entry;
  }

  /** A taken entry was acknowledged or dead-lettered: its room frees up. */
  settle(entry: BrokerEntry): void {
    this.taken--;
    this.#inHand -= entry.weight;
    this.admit();
  }

  /** Moves parked entries in, in order, while there is room. */
  admit(): void {
    while (this.#parked.length > 0 && this.#fits(this.#parked.peek()!.entry.weight)) {
      const p = this.#parked.shift()!;
      this.#parkedWeight -= p.entry.weight;
      this.#push(p.entry);
      p.release();
    }
  }

  /** Puts a redelivery back at the front, ahead of everything queued. */
  requeueFront(entry: BrokerEntry): void {
    this.taken--;
    this.#inHand -= entry.weight;
    this.#queued += entry.weight;
    this.queue.unshift(entry);
  }
}
