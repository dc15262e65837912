import type { Logger } from "@logtape/logtape";
import pRetry from "p-retry";
import { RetryableError } from "../../lib/errors.ts";
import { holdWhileTransient } from "../hold.ts";
import { type Message, parseMessage } from "../../messages/mod.ts";
import { decodeWire } from "./wire.ts";
import type { BatchOptions, Handler, Subscription } from "../types.ts";
import { Deque } from "./deque.ts";
import type { ClientFrame, WireEntry } from "./frames.ts";
import { SeenIds } from "../seen_ids.ts";

/** Options of {@linkcode PortSubscription}. */
export interface PortSubscriptionOptions {
  sid: number;
  group: string;
  handler: Handler;
  /** Batch handling of first deliveries, see {@linkcode SubscribeOptions.batch}. */
  batch?: BatchOptions;
  maxAttempts: number;
  /** First retry delay of a failing handler; doubles per attempt up to 1 s. */
  retryDelayMs: number;
  send: (frame: ClientFrame) => void;
  /** Where a handler held through a transient failure says so. */
  log: Logger;
  /** Called with each message validated here and with each one rejected. */
  onConsumed?: (ok: boolean) => void;
}

/** How a delivery's retries ended, when they did not succeed. */
interface Failure {
  error: string;
  attempts: number;
}

/** Most messages in one batch when {@linkcode BatchOptions.max} is not given. */
const DEFAULT_BATCH = 256;

/** Wraps a handler's throw so p-retry retries it whatever its class (it skips TypeErrors). */
class HandlerFailure extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/**
 * The client end of one subscription: validates each delivery as it enters
 * this worker, runs the handler one message at a time (so per-key order holds)
 * or, with a batch handler, the first deliveries waiting in order at once,
 * retries it in place, and acknowledges in batches.
 *
 * @example
 * ```ts
 * import { getLogger } from "@logtape/logtape";
 * const sub = new PortSubscription({
 *   sid: 1, group: "g", handler: () => {}, maxAttempts: 3, retryDelayMs: 10, send: () => {},
 *   log: getLogger(["ct", "bus"]),
 * });
 * sub.receive([]);
 * ```
 */
export class PortSubscription implements Subscription {
  readonly #o: PortSubscriptionOptions;
  readonly #queue = new Deque<WireEntry>();
  readonly #seen = new SeenIds(10_000);
  #acks: number[] = [];
  #running: Promise<void> | null = null;
  #draining = false;
  #closing = false;
  #aborted = false;
  /** The deliveries whose handler is running. */
  #inHand: readonly number[] = [];
  #unsubbed?: () => void;
  /** Aborted when the subscription closes or aborts: ends retries and holds. */
  readonly #stop = new AbortController();

  constructor(options: PortSubscriptionOptions) {
    this.#o = options;
  }

  /** Deliveries waiting in this worker. */
  get depth(): number {
    return this.#queue.length;
  }

  /** Takes a delivery frame's entries. */
  receive(entries: readonly WireEntry[]): void {
    if (this.#closing) return; // the broker requeues them on unsub
    for (const e of entries) this.#queue.push(e);
    if (!this.#draining) {
      this.#draining = true;
      this.#running = this.#drain();
    }
  }

  /** The broker confirmed the unsubscribe. */
  unsubscribed(): void {
    this.#unsubbed?.();
  }

  /**
   * The actor is crashing: acknowledges what was handled and returns the
   * deliveries in hand (one, or a batch), so the broker charges the crash to
   * those only. A charged batch comes back as redeliveries, which are handled
   * one at a time: a poison message among them is then charged alone.
   */
  prepareCrash(): readonly number[] {
    this.#flushAcks();
    return this.#inHand;
  }

  /** Stops at once, as a crash would: nothing more is handled or acknowledged. */
  abort(): void {
    this.#aborted = true;
    this.#closing = true;
    this.#stop.abort(new Error("the subscription was aborted"));
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#stop.abort(new Error("the subscription is closing"));
    await this.#running;
    this.#flushAcks();
    const done = new Promise<void>((resolve) => this.#unsubbed = resolve);
    this.#o.send({ t: "unsub", sid: this.#o.sid });
    await done;
  }

  async #drain(): Promise<void> {
    // Handlers run from the next microtask, once `#running` holds this pass:
    // a handler that closes its own subscription makes `close` wait for it,
    // so its acknowledgement goes out before the unsubscribe.
    await undefined;
    try {
      while (!this.#closing && this.#queue.length > 0) {
        if (this.#o.batch && this.#queue.peek()!.a === 1) await this.#handleBatch(this.#o.batch);
        else await this.#handle(this.#queue.shift()!);
        if (this.#acks.length >= 64) this.#flushAcks();
      }
      this.#flushAcks();
    } finally {
      // Cleared in the same turn as the empty-queue check, so a delivery
      // arriving next always starts a new drain.
      this.#draining = false;
    }
  }

  async #handle(entry: WireEntry): Promise<void> {
    const message = this.#admit(entry);
    if (!message) return;
    this.#inHand = [entry.d];
    const failure = await this.#run(message, entry.a);
    this.#inHand = [];
    this.#settle(entry, message, failure);
  }

  /** Takes the first deliveries waiting, up to `max`, and hands them to the batch handler. */
  async #handleBatch({ handler, max = DEFAULT_BATCH }: BatchOptions): Promise<void> {
    const entries: WireEntry[] = [];
    const messages: Message[] = [];
    while (messages.length < max && this.#queue.peek()?.a === 1) {
      const entry = this.#queue.shift()!;
      const message = this.#admit(entry);
      if (!message) continue;
      entries.push(entry);
      messages.push(message);
    }
    if (messages.length === 0) return;
    this.#inHand = entries.map((e) => e.d);
    let failed = false;
    try {
      const r = handler(messages, { group: this.#o.group });
      if (r) await r;
    } catch {
      failed = true;
    }
    if (!failed) {
      this.#inHand = [];
      for (let i = 0; i < entries.length; i++) this.#settle(entries[i]!, messages[i]!, null);
      return;
    }
    // The batch had no effect (or an idempotent part of one): each message
    // gets the single-message handler with its retries, in order. Closing
    // stops between messages, as the drain does; the rest go back unacked.
    for (let i = 0; i < entries.length && !this.#closing; i++) {
      const entry = entries[i]!;
      this.#inHand = [entry.d];
      const failure = await this.#run(messages[i]!, entry.a);
      this.#inHand = [];
      this.#settle(entry, messages[i]!, failure);
    }
  }

  /**
   * Validates a delivery as it enters this worker. Returns the message to
   * handle, or nothing when it was dead-lettered (invalid) or acknowledged
   * (already handled by this incarnation).
   */
  #admit(entry: WireEntry): Message | undefined {
    const parsed = parseMessage(decodeWire(entry.m));
    if (!parsed.ok) {
      this.#o.onConsumed?.(false);
      this.#dead(entry, `invalid message: ${parsed.error}`, entry.a);
      return;
    }
    if (this.#seen.has(parsed.message.id)) {
      this.#acks.push(entry.d);
      return;
    }
    return parsed.message;
  }

  /** Acknowledges a handled delivery, or dead-letters a failed one. */
  #settle(entry: WireEntry, message: Message, failure: Failure | null | "stopped"): void {
    if (failure === "stopped") return;
    if (failure) {
      this.#o.onConsumed?.(false);
      return this.#dead(entry, failure.error, failure.attempts);
    }
    this.#seen.add(message.id);
    this.#o.onConsumed?.(true);
    this.#acks.push(entry.d);
  }

  /**
   * Runs the handler; on failure retries it in place. Resolves `null` when it
   * succeeded, the final failure, or `"stopped"` when the subscription
   * stopped while a transient failure held the message (it stays
   * unacknowledged, for the broker to hand on).
   */
  async #run(message: Message, firstAttempt: number): Promise<Failure | null | "stopped"> {
    const { handler, group, maxAttempts, retryDelayMs } = this.#o;
    if (firstAttempt > maxAttempts) {
      return { error: `delivered ${firstAttempt} times, over maxAttempts`, attempts: firstAttempt };
    }
    let attempt = firstAttempt;
    const hold = (n: number) =>
      holdWhileTransient(() => handler(message, { attempt: n, group }), {
        signal: this.#stop.signal,
        log: this.#o.log,
        minDelayMs: retryDelayMs,
      });
    try {
      // Fast path: the first try runs without the retry machinery.
      try {
        const r = handler(message, { attempt, group });
        if (r) await r;
      } catch (e) {
        if (!(e instanceof RetryableError)) throw e;
        await hold(attempt);
      }
      return null;
    } catch (e) {
      if (this.#stop.signal.aborted) return "stopped";
      if (attempt >= maxAttempts) return { error: errorText(e), attempts: attempt };
    }
    try {
      await pRetry(async () => {
        attempt++;
        try {
          await hold(attempt);
        } catch (e) {
          throw new HandlerFailure(e);
        }
      }, {
        retries: maxAttempts - attempt - 1,
        minTimeout: retryDelayMs,
        maxTimeout: 1_000,
        randomize: true,
        signal: this.#stop.signal,
      });
      return null;
    } catch (e) {
      if (this.#stop.signal.aborted) return "stopped";
      return { error: errorText(e instanceof HandlerFailure ? e.original : e), attempts: attempt };
    }
  }

  #dead(entry: WireEntry, error: string, attempts: number): void {
    if (this.#aborted) return;
    this.#flushAcks();
    this.#o.send({
      t: "dead",
      sid: this.#o.sid,
      tag: entry.d,
      error,
      attempts: Math.max(1, attempts),
    });
  }

  #flushAcks(): void {
    if (this.#acks.length === 0 || this.#aborted) return;
    this.#o.send({ t: "ack", sid: this.#o.sid, tags: this.#acks });
    this.#acks = [];
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
