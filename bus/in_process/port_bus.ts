import { setImmediate } from "node:timers";
import { getLogger, type Logger } from "@logtape/logtape";
import { type Message, type Topic, topicOf, weightOf } from "../../messages/mod.ts";
import type {
  Bus,
  ClientStats,
  DeadLetter,
  SubscribeOptions,
  Subscription,
  TopicStats,
} from "../types.ts";
import type { BrokerFrame, ClientFrame, InHand } from "./frames.ts";
import { PortSubscription } from "./port_subscription.ts";
import { decodeWire, encodeWire } from "./wire.ts";

/** Outbox size that is sent at once rather than at the end of the turn. */
const FLUSH_AT = 1024;

/** Options of {@linkcode PortBus}. */
export interface PortBusOptions {
  /** Sends a frame to the broker. */
  send: (frame: ClientFrame) => void;
  /** Published messages allowed unconfirmed before `publish` waits. Default 4096. */
  window?: number;
  /** Deliveries in flight per subscription. Default 256. */
  prefetch?: number;
  /** Default `maxAttempts` of subscriptions. Default 5. */
  maxAttempts?: number;
  /** First retry delay of a failing handler. Default 10 ms. */
  retryDelayMs?: number;
  /** Called when the bus closes, to release its link (e.g. close a MessagePort). */
  onClose?: () => void;
  /** Default `getLogger(["ct", "bus"])`. */
  log?: Logger;
}

/**
 * The in-process bus as an actor sees it: a {@linkcode Bus} that speaks
 * frames to the main thread's broker. Publishes are coalesced into one frame
 * per turn; at most `window` may be unconfirmed, so a producer feels the
 * broker's backpressure while its memory stays bounded.
 *
 * @example
 * ```ts
 * import { createInProcessBus } from "./mod.ts";
 * const transport = createInProcessBus();
 * const bus = transport.connect();
 * await bus.close();
 * ```
 */
export class PortBus implements Bus {
  readonly #o: Required<Omit<PortBusOptions, "onClose">> & Pick<PortBusOptions, "onClose">;
  #outbox: unknown[] = [];
  #flushScheduled = false;
  #seq = 0;
  /** Unconfirmed frames: seq → messages per topic. */
  /**
   * Frames sent and not yet confirmed: how many messages (the publish
   * window counts messages) and their weight per topic (credit counts rows).
   */
  readonly #inFlight = new Map<number, { messages: number; weights: Map<string, number> }>();
  /** Per topic, how many more messages the broker has room for, as last reported. */
  readonly #credit = new Map<string, number>();
  /** Publishes waiting for a confirmation before they resolve, by frame. */
  readonly #confirmWaiters = new Map<number, (() => void)[]>();
  #unconfirmed = 0;
  readonly #windowWaiters: (() => void)[] = [];
  readonly #subs = new Map<number, PortSubscription>();
  #nextSid = 1;
  #nextQid = 1;
  readonly #queries = new Map<number, (value: unknown) => void>();
  #closed = false;
  /** Messages published and consumed through this client. */
  readonly counters = { out: 0, in: 0 };

  constructor(options: PortBusOptions) {
    this.#o = {
      window: 4096,
      prefetch: 256,
      maxAttempts: 5,
      retryDelayMs: 10,
      log: getLogger(["ct", "bus"]),
      ...options,
    };
  }

  /** Messages received but not yet handled, over all subscriptions. */
  get mailboxDepth(): number {
    let n = 0;
    for (const s of this.#subs.values()) n += s.depth;
    return n;
  }

  /** Handles one frame from the broker. */
  handle(raw: unknown): void {
    const frame = raw as BrokerFrame;
    switch (frame?.t) {
      case "puback": {
        const sent = this.#inFlight.get(frame.seq);
        this.#inFlight.delete(frame.seq);
        this.#unconfirmed -= sent?.messages ?? 0;
        this.#updateCredit(frame.room);
        for (const resolve of this.#confirmWaiters.get(frame.seq) ?? []) resolve();
        this.#confirmWaiters.delete(frame.seq);
        while (this.#unconfirmed < this.#o.window && this.#windowWaiters.length > 0) {
          this.#windowWaiters.shift()!();
        }
        return;
      }
      case "deliver":
        return this.#subs.get(frame.sid)?.receive(frame.entries);
      case "unsubbed":
        this.#subs.get(frame.sid)?.unsubscribed();
        this.#subs.delete(frame.sid);
        return;
      case "result":
        this.#queries.get(frame.qid)?.(frame.value);
        this.#queries.delete(frame.qid);
        return;
    }
  }

  publish(message: Message): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("bus is closed: cannot publish"));
    this.#outbox.push(encodeWire(message));
    this.#unconfirmed++;
    this.counters.out++;
    const topic = topicOf(message.type);
    const weight = weightOf(message);
    const credit = this.#credit.get(topic) ?? 0;
    // Without room known at the broker, wait for this message's own confirmation:
    // that is how a producer feels a full mailbox.
    const confirmed = credit >= weight ? null : this.#awaitConfirmation();
    if (credit >= weight) this.#credit.set(topic, credit - weight);
    if (this.#outbox.length >= FLUSH_AT) this.#flush();
    else if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // A macrotask, not a microtask: a producer awaiting each publish runs on
      // microtasks, so its messages pile up into one frame before this fires
      // (setImmediate costs ~4 µs here; setTimeout(0) ~2 ms).
      setImmediate(() => this.#flush());
    }
    if (confirmed) return confirmed;
    if (this.#unconfirmed <= this.#o.window) return Promise.resolve();
    return new Promise((resolve) => this.#windowWaiters.push(resolve));
  }

  /**
   * The process or worker is crashing: hands over what `publish` accepted,
   * acknowledges what was handled, and returns the deliveries in hand.
   */
  prepareCrash(): InHand[] {
    const inHand: InHand[] = [];
    for (const [sid, sub] of this.#subs) {
      for (const tag of sub.prepareCrash()) inHand.push({ sid, tag });
    }
    this.#flush();
    return inHand;
  }

  /**
   * Abandons the link as a crash would: what `publish` already accepted is
   * handed over, then nothing more is handled, acknowledged or sent.
   */
  abort(): void {
    this.#flush();
    this.#closed = true;
    for (const s of this.#subs.values()) s.abort();
  }

  /**
   * Every frame goes out after the outbox: a consumer's ack never overtakes
   * what its handler published, so a crash in between loses nothing (the
   * input is redelivered), and a query sees every accepted publish.
   */
  #send(frame: ClientFrame): void {
    this.#flush();
    this.#o.send(frame);
  }

  /** A promise resolved when the frame holding the newest outbox message is confirmed. */
  #awaitConfirmation(): Promise<void> {
    const seq = this.#seq + 1; // the frame the outbox will go out as
    return new Promise((resolve) => {
      const list = this.#confirmWaiters.get(seq);
      if (list) list.push(resolve);
      else this.#confirmWaiters.set(seq, [resolve]);
    });
  }

  #updateCredit(room: Record<string, number>): void {
    for (const [topic, free] of Object.entries(room)) {
      // Messages already sent but not yet confirmed will take room too.
      let pending = 0;
      for (const sent of this.#inFlight.values()) pending += sent.weights.get(topic) ?? 0;
      for (const m of this.#outbox) {
        if (topicOf((m as Message).type) === topic) pending += weightOf(m);
      }
      this.#credit.set(topic, free === -1 ? Infinity : Math.max(0, free - pending));
    }
  }

  async declare(group: string, topics: readonly Topic[]): Promise<void> {
    // Round trip: messages published on other links after this resolves find the group.
    await this.#request((qid) => ({ t: "declare", qid, group, topics: [...topics] }));
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.#closed) throw new Error("bus is closed: cannot subscribe");
    const sid = this.#nextSid++;
    const sub = new PortSubscription({
      sid,
      group: options.group,
      handler: options.handler,
      batch: options.batch,
      maxAttempts: options.maxAttempts ?? this.#o.maxAttempts,
      retryDelayMs: this.#o.retryDelayMs,
      send: (f) => this.#send(f),
      log: this.#o.log,
      onConsumed: () => this.counters.in++,
    });
    this.#subs.set(sid, sub);
    await this.#request((qid) => ({
      t: "sub",
      qid,
      sid,
      group: options.group,
      topics: [...options.topics],
      prefetch: this.#o.prefetch,
    }));
    return sub;
  }

  async deadLetters(limit = 100): Promise<DeadLetter[]> {
    const dead = await this.#query("dead", limit) as DeadLetter[];
    return dead.map((d) => ({ ...d, message: decodeWire(d.message) }));
  }

  stats(): Promise<Record<string, TopicStats>> {
    return this.#query("stats") as Promise<Record<string, TopicStats>>;
  }

  /** `messagesOut` counts what `publish` accepted; `mailbox` is {@linkcode PortBus.mailboxDepth}. */
  clientStats(): ClientStats {
    return {
      messagesIn: this.counters.in,
      messagesOut: this.counters.out,
      mailbox: this.mailboxDepth,
    };
  }

  /** Resolves when every published message has been accepted by the broker. */
  async flushed(): Promise<void> {
    this.#flush();
    while (this.#unconfirmed > 0) {
      await new Promise<void>((resolve) => this.#windowWaiters.unshift(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await Promise.all([...this.#subs.values()].map((s) => s.close()));
    await this.flushed();
    this.#closed = true;
    this.#o.onClose?.();
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#outbox.length === 0) return;
    const seq = ++this.#seq;
    const weights = new Map<string, number>();
    for (const m of this.#outbox) {
      const topic = topicOf((m as Message).type);
      weights.set(topic, (weights.get(topic) ?? 0) + weightOf(m));
    }
    this.#inFlight.set(seq, { messages: this.#outbox.length, weights });
    this.#o.send({ t: "pub", seq, msgs: this.#outbox });
    this.#outbox = [];
  }

  #query(what: "stats" | "dead", limit?: number): Promise<unknown> {
    return this.#request((qid) => ({ t: "query", qid, what, limit }));
  }

  #request(frame: (qid: number) => ClientFrame): Promise<unknown> {
    const qid = this.#nextQid++;
    return new Promise((resolve) => {
      this.#queries.set(qid, resolve);
      this.#send(frame(qid));
    });
  }
}
