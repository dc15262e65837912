import type { Topic } from "../../messages/mod.ts";
import { resolvePolicies } from "../policy.ts";
import type { DeadLetter, MailboxPolicy, TopicStats } from "../types.ts";
import type { BrokerOptions } from "./broker_options.ts";
import { groupBacklog, type TopicCounters, topicStats } from "./broker_stats.ts";
import { DeadLetterLog } from "./dead_letters.ts";
import { handBack } from "./hand_back.ts";
import { InFlight } from "./in_flight.ts";
import { type BrokerEntry, Mailbox } from "./mailbox.ts";
import type { WireEntry } from "./frames.ts";
import { rawTopicOf, routable } from "./routing.ts";

export type { BrokerOptions } from "./broker_options.ts";

/** A consumer attached to the broker: one subscription of one client. */
export interface BrokerConsumer {
  readonly group: string;
  readonly topics: readonly Topic[];
  /** Deliveries allowed in flight before acks return. */
  credit: number;
  /** Called with a batch of deliveries; must not throw. */
  deliver(entries: WireEntry[]): void;
}

interface Attached {
  consumer: BrokerConsumer;
  mailboxes: Mailbox[];
  inFlight: InFlight;
  cursor: number;
  pumpScheduled: boolean;
}

/**
 * The in-process message broker, on the main thread. It owns every mailbox:
 * one per (topic, group). Consumers (actors' bus clients) take messages with
 * credit and acknowledge them; what a dead consumer held returns to the front
 * of its mailbox for the next one, so an actor crash loses nothing.
 *
 * @example
 * ```ts
 * const broker = new Broker();
 * broker.declare("analyzer", ["candle"]);
 * ```
 */
export class Broker {
  readonly #policies: Record<Topic, MailboxPolicy>;
  readonly #maxAttempts: number;
  readonly #deadLetters: DeadLetterLog;
  readonly #now: () => number;
  /** topic → group → mailbox */
  readonly #boxes = new Map<string, Map<string, Mailbox>>();
  /** mailbox → consumers, first is active; the rest stand by. */
  readonly #consumers = new Map<Mailbox, Attached[]>();
  readonly #attached = new Map<BrokerConsumer, Attached>();
  readonly #stats = new Map<string, TopicCounters>();

  constructor(options: BrokerOptions = {}) {
    this.#policies = resolvePolicies(options.policies);
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#deadLetters = new DeadLetterLog(options.deadLetterLimit ?? 1000, options.onDeadLetter);
    this.#now = options.now ?? Date.now;
  }

  /** Creates the mailboxes of `group` for `topics`, so messages wait for its consumer. */
  declare(group: string, topics: readonly Topic[]): void {
    for (const topic of topics) {
      let groups = this.#boxes.get(topic);
      if (!groups) this.#boxes.set(topic, groups = new Map());
      if (!groups.has(group)) {
        const box = new Mailbox(this.#policies[topic]);
        groups.set(group, box);
        this.#consumers.set(box, []);
      }
    }
  }

  /**
   * Routes messages into every declared group's mailbox. Returns `null` when
   * all were accepted at once, or a promise that resolves when the last
   * parked one is (the producer's backpressure).
   */
  publish(messages: readonly unknown[]): Promise<unknown> | null {
    let waits: Promise<void>[] | undefined;
    const touched = new Set<Attached>();
    const at = this.#now();
    for (const message of messages) {
      const header = routable(message);
      if (typeof header === "string") {
        const at = this.#now();
        const entry = { id: "", topic: rawTopicOf(message), message, attempt: 1, at, weight: 1 };
        this.#deadLetter(entry, "", header);
        continue;
      }
      const stats = this.#statsOf(header.topic);
      stats.published++;
      const groups = this.#boxes.get(header.topic);
      if (!groups) continue;
      for (const box of groups.values()) {
        const wait = box.offer({ ...header, message, attempt: 1, at });
        if (wait) (waits ??= []).push(wait);
        const active = this.#consumers.get(box)?.[0];
        if (active) touched.add(active);
      }
    }
    for (const a of touched) this.#schedulePump(a);
    return waits ? Promise.all(waits) : null;
  }

  /**
   * Routes a value to `topic` without looking at it: the wire as a buggy or
   * hostile producer would fill it. Consumers validate and dead-letter it.
   */
  publishRaw(topic: Topic, raw: unknown): Promise<unknown> | null {
    this.#statsOf(topic).published++;
    const groups = this.#boxes.get(topic);
    if (!groups) return null;
    const waits: Promise<void>[] = [];
    for (const box of groups.values()) {
      const wait = box.offer({
        id: "",
        topic,
        message: raw,
        attempt: 1,
        at: this.#now(),
        weight: 1,
      });
      if (wait) waits.push(wait);
      const active = this.#consumers.get(box)?.[0];
      if (active) this.#schedulePump(active);
    }
    return waits.length ? Promise.all(waits) : null;
  }

  /** Attaches a consumer; it receives deliveries through `consumer.deliver`. */
  attach(consumer: BrokerConsumer): void {
    const attached: Attached = {
      consumer,
      mailboxes: [],
      inFlight: new InFlight(),
      cursor: 0,
      pumpScheduled: false,
    };
    this.declare(consumer.group, consumer.topics);
    for (const topic of consumer.topics) {
      const box = this.#boxes.get(topic)!.get(consumer.group)!;
      attached.mailboxes.push(box);
      this.#consumers.get(box)!.push(attached);
    }
    this.#attached.set(consumer, attached);
    this.#schedulePump(attached);
  }

  /** Acknowledges handled deliveries and returns their credit. */
  ack(consumer: BrokerConsumer, tags: readonly number[]): void {
    const a = this.#attached.get(consumer);
    if (!a) return;
    for (const tag of tags) {
      const held = a.inFlight.settle(tag);
      if (!held) continue;
      a.consumer.credit++;
      held.box.settle(held.entry);
      this.#statsOf(held.entry.topic).consumed++;
    }
    this.#schedulePump(a);
  }

  /** The consumer gave up on a delivery: dead-letter it and return its credit. */
  reject(consumer: BrokerConsumer, tag: number, error: string, attempts: number): void {
    const a = this.#attached.get(consumer);
    const held = a?.inFlight.settle(tag);
    if (!a || !held) return;
    a.consumer.credit++;
    held.box.settle(held.entry);
    this.#deadLetter({ ...held.entry, attempt: attempts }, consumer.group, error);
    this.#schedulePump(a);
  }

  /**
   * Detaches a consumer. What it held goes back to the front of its mailbox in
   * order. After a crash the delivery it was handling counts an attempt, so a
   * message that kills every consumer is dead-lettered: `inHand` names it when
   * the consumer could say (it reports its in-hand tags as it crashes);
   * otherwise (a hang, a kill) it is taken to be the oldest unacknowledged.
   */
  detach(consumer: BrokerConsumer, crashed: boolean, inHand?: readonly number[]): void {
    const a = this.#attached.get(consumer);
    if (!a) return;
    this.#attached.delete(consumer);
    handBack(a.inFlight, crashed, inHand, this.#maxAttempts, (entry) => {
      // `attempt` already counts the next delivery; report the ones made.
      const made = { ...entry, attempt: entry.attempt - 1 };
      this.#deadLetter(made, consumer.group, "its consumer died while handling it, every time");
    });
    for (const box of a.mailboxes) {
      const list = this.#consumers.get(box)!;
      list.splice(list.indexOf(a), 1);
      if (list[0]) this.#schedulePump(list[0]);
    }
  }

  /** Counters per topic. */
  stats(): Record<string, TopicStats> {
    return topicStats(this.#stats, this.#boxes, this.#attached.values(), this.#now());
  }

  /**
   * Free slots per topic: the least any group's mailbox has left, -1 when
   * the topic never blocks (drop-oldest, or no group to deliver to).
   */
  room(topics: Iterable<string>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const topic of topics) {
      const groups = this.#boxes.get(topic);
      let free = -1;
      for (const box of groups?.values() ?? []) {
        if (box.policy.overflow !== "block") continue;
        const left = Math.max(0, box.policy.capacity - box.load);
        free = free === -1 ? left : Math.min(free, left);
      }
      out[topic] = free;
    }
    return out;
  }

  /** Messages waiting for or held by `group`, over its topics. */
  groupBacklog(group: string): number {
    return groupBacklog(this.#boxes, group);
  }

  /** The most recent dead letters, newest last. */
  deadLetters(limit = 100): DeadLetter[] {
    return this.#deadLetters.recent(limit);
  }

  #schedulePump(a: Attached): void {
    if (a.pumpScheduled) return;
    a.pumpScheduled = true;
    // Coalesce: one pump per turn turns many publishes into one delivery frame.
    queueMicrotask(() => {
      a.pumpScheduled = false;
      if (this.#attached.has(a.consumer)) this.#pump(a);
    });
  }

  #pump(a: Attached): void {
    const batch: WireEntry[] = [];
    const boxes = a.mailboxes.filter((box) => this.#consumers.get(box)![0] === a);
    let idle = 0;
    while (a.consumer.credit > 0 && boxes.length > 0 && idle < boxes.length) {
      const box = boxes[a.cursor++ % boxes.length]!;
      const entry = box.take();
      if (!entry) {
        idle++;
        continue;
      }
      idle = 0;
      const tag = a.inFlight.add(entry, box);
      a.consumer.credit--;
      batch.push({ d: tag, m: entry.message, a: entry.attempt });
    }
    if (batch.length > 0) a.consumer.deliver(batch);
  }

  #deadLetter(entry: BrokerEntry, group: string, error: string): void {
    this.#statsOf(entry.topic).deadLettered++;
    this.#deadLetters.record(entry, group, error, this.#now());
  }

  #statsOf(topic: string) {
    let s = this.#stats.get(topic);
    if (!s) this.#stats.set(topic, s = { published: 0, consumed: 0, deadLettered: 0 });
    return s;
  }
}
