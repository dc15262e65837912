/**
 * The message bus contract shared by every transport.
 *
 * Guarantees, per transport, are documented in `bus/README.md`; the contract
 * test suite in `tests/bus_contract.ts` proves them against each.
 *
 * @module
 */
import type { Message, Topic } from "../messages/mod.ts";

/** What the handler learns about one delivery besides the message. */
export interface DeliveryInfo {
  /** 1 on first delivery; higher after a failure, crash or reclaim. */
  attempt: number;
  /** The consumer group this delivery belongs to. */
  group: string;
}

/**
 * Handles one message. Resolving acknowledges it; throwing retries it in place
 * (later messages with the same key wait) until `maxAttempts`, then it is
 * dead-lettered. Handlers must be idempotent by `message.id`: every transport
 * delivers at least once.
 */
export type Handler = (message: Message, info: DeliveryInfo) => Promise<void> | void;

/**
 * Handles several consecutive messages of one subscription at once, in order,
 * each on its first delivery. It must have the effect of calling the
 * subscription's `handler` on each in turn: when it throws, the transport
 * hands the same messages to `handler` one by one (with the usual retries and
 * dead-lettering), so a batch should commit all of its effects or none.
 * Batching lets a consumer pay for a transaction or a publish once per batch
 * instead of once per message.
 */
export type BatchHandler = (
  messages: readonly Message[],
  info: { group: string },
) => Promise<void> | void;

/** Options of a subscription's batch handling. */
export interface BatchOptions {
  /** Takes the messages of a batch. */
  handler: BatchHandler;
  /** Most messages in one batch. Default 256. */
  max?: number;
}

/** Options of {@linkcode Bus.subscribe}. */
export interface SubscribeOptions {
  /** Consumer group: every group receives every message of its topics once. */
  group: string;
  /** Topics (message types) to consume. */
  topics: readonly Topic[];
  /** The handler, called one message at a time per key, in order. */
  handler: Handler;
  /** Deliveries before a failing message is dead-lettered. Default 5. */
  maxAttempts?: number;
  /**
   * Optional batch handling of first deliveries: what is waiting when the
   * consumer is free goes to `batch.handler` at once. Redeliveries (after a
   * failure, a crash or a reclaim) always go to `handler`, one at a time, so a
   * poison message is charged alone.
   */
  batch?: BatchOptions;
}

/** A live subscription. */
export interface Subscription {
  /** Stops taking new messages, waits for the one in hand, then detaches. */
  close(): Promise<void>;
}

/** A message that could not be handled, with why. */
export interface DeadLetter {
  /** The message, or the raw input when it failed validation. */
  message: Message | unknown;
  /** Topic it was published on. */
  topic: string;
  /** Consumer group that gave up on it. */
  group: string;
  /** The last error. */
  error: string;
  /** Deliveries made. */
  attempts: number;
  /** When it was dead-lettered, epoch ms. */
  at: number;
}

/** Counters a transport keeps, per topic. */
export interface TopicStats {
  published: number;
  consumed: number;
  deadLettered: number;
  /** Messages dropped by a `drop-oldest` mailbox at its bound. */
  dropped: number;
  /** Messages waiting or in flight, summed over groups. */
  backlog: number;
  /**
   * How long the oldest message not yet handled by some group has been on
   * the bus, ms, by the transport's own clock; `null` when there is none.
   */
  oldestAgeMs: number | null;
}

/**
 * What one client of the bus (one actor's connection) has carried. An actor
 * sends it in every heartbeat, so it is what `Supervisor.status()`,
 * `GET /api/v1/actors` and the status line show as in, out and mailbox.
 */
export interface ClientStats {
  /** Deliveries this client's subscriptions finished with: handled, or dead-lettered. */
  messagesIn: number;
  /** Messages published through this client. */
  messagesOut: number;
  /**
   * Messages delivered to this client that no handler has taken yet: its
   * prefetch, not the whole queue (that is `backlog` in {@linkcode TopicStats}).
   */
  mailbox: number;
}

/** What happens when a mailbox is full. */
export type OverflowPolicy = "block" | "drop-oldest";

/** Bound and overflow policy of one topic's mailboxes. */
export interface MailboxPolicy {
  capacity: number;
  overflow: OverflowPolicy;
}

/**
 * A message bus: publish messages, subscribe consumer groups to topics.
 * A message's topic is its `type`; its `key` orders it.
 *
 * @example
 * ```ts
 * import { createMessage } from "../messages/mod.ts";
 * declare const bus: Bus;
 * const sub = await bus.subscribe({
 *   group: "analyzer",
 *   topics: ["candle"],
 *   handler: (m) => console.log(m.key),
 * });
 * await bus.publish(createMessage("candle", candle, { source: "collector", key: "k", now: Date.now() }));
 * await sub.close();
 * ```
 */
export interface Bus {
  /**
   * Hands a message to the transport. Resolves once it is accepted (into every
   * group's mailbox in process; into the stream on Redis). Awaiting it is how
   * producers feel backpressure: under `block` it waits for room.
   */
  publish(message: Message): Promise<void>;
  /** Declares consumer groups for topics so messages published before a consumer attaches are kept. */
  declare(group: string, topics: readonly Topic[]): Promise<void>;
  /** Starts consuming. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** The most recent dead letters, newest last. */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  /** Counters per topic. */
  stats(): Promise<Record<string, TopicStats>>;
  /** This client's own figures, without a round trip: cheap enough for every heartbeat. */
  clientStats(): ClientStats;
  /** Flushes what is buffered and releases connections. */
  close(): Promise<void>;
}
