import pRetry from "p-retry";
import { type Message, parseMessage } from "../../messages/mod.ts";
import type { Handler, Subscription } from "../types.ts";
import { Deque } from "./deque.ts";
import type { ClientFrame, WireEntry } from "./frames.ts";
import { SeenIds } from "../seen_ids.ts";

/** Options of {@linkcode PortSubscription}. */
export interface PortSubscriptionOptions {
  sid: number;
  group: string;
  handler: Handler;
  maxAttempts: number;
  /** First retry delay of a failing handler; doubles per attempt up to 1 s. */
  retryDelayMs: number;
  send: (frame: ClientFrame) => void;
  /** Called with each message validated here and with each one rejected. */
  onConsumed?: (ok: boolean) => void;
}

/** Wraps a handler's throw so p-retry retries it whatever its class (it skips TypeErrors). */
class HandlerFailure extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/**
 * The client end of one subscription: validates each delivery as it enters
 * this worker, runs the handler one message at a time (so per-key order holds),
 * retries it in place, and acknowledges in batches.
 *
 * @example
 * ```ts
 * const sub = new PortSubscription({
 *   sid: 1, group: "g", handler: () => {}, maxAttempts: 3, retryDelayMs: 10, send: () => {},
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
  /** The delivery whose handler is running, if any. */
  #inHand: number | null = null;
  #unsubbed?: () => void;

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
   * delivery in hand, so the broker charges the crash to that one only.
   */
  prepareCrash(): number | null {
    this.#flushAcks();
    return this.#inHand;
  }

  /** Stops at once, as a crash would: nothing more is handled or acknowledged. */
  abort(): void {
    this.#aborted = true;
    this.#closing = true;
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    await this.#running;
    this.#flushAcks();
    const done = new Promise<void>((resolve) => this.#unsubbed = resolve);
    this.#o.send({ t: "unsub", sid: this.#o.sid });
    await done;
  }

  async #drain(): Promise<void> {
    try {
      let entry: WireEntry | undefined;
      while (!this.#closing && (entry = this.#queue.shift())) {
        await this.#handle(entry);
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
    const parsed = parseMessage(entry.m);
    if (!parsed.ok) {
      this.#o.onConsumed?.(false);
      return this.#dead(entry, `invalid message: ${parsed.error}`, entry.a);
    }
    const message = parsed.message;
    if (this.#seen.has(message.id)) return void this.#acks.push(entry.d);
    this.#inHand = entry.d;
    const failure = await this.#run(message, entry.a);
    this.#inHand = null;
    if (failure) {
      this.#o.onConsumed?.(false);
      return this.#dead(entry, failure.error, failure.attempts);
    }
    this.#seen.add(message.id);
    this.#o.onConsumed?.(true);
    this.#acks.push(entry.d);
  }

  /** Runs the handler; on failure retries it in place. Returns the final failure, if any. */
  async #run(
    message: Message,
    firstAttempt: number,
  ): Promise<{ error: string; attempts: number } | null> {
    const { handler, group, maxAttempts, retryDelayMs } = this.#o;
    if (firstAttempt > maxAttempts) {
      return { error: `delivered ${firstAttempt} times, over maxAttempts`, attempts: firstAttempt };
    }
    let attempt = firstAttempt;
    try {
      // Fast path: the first try runs without the retry machinery.
      const r = handler(message, { attempt, group });
      if (r) await r;
      return null;
    } catch (e) {
      if (attempt >= maxAttempts) return { error: errorText(e), attempts: attempt };
    }
    try {
      await pRetry(async () => {
        attempt++;
        try {
          await handler(message, { attempt, group });
        } catch (e) {
          throw new HandlerFailure(e);
        }
      }, {
        retries: maxAttempts - attempt - 1,
        minTimeout: retryDelayMs,
        maxTimeout: 1_000,
        randomize: true,
      });
      return null;
    } catch (e) {
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
