/**
 * The outbox sender: delivers stored notifications at least once per
 * (notification, channel target), across crashes and restarts.
 *
 * Every row was stored before this loop sees it. A claim leases the row for
 * `leaseMs`; a crash between "sent" and "marked sent" lets the lease run out
 * and the row goes again with the same id (the idempotency key), so a crash
 * costs at most one duplicate per row in flight. Retryable failures back off
 * exponentially with jitter, never sooner than the peer's `retry_after` /
 * `Retry-After`; permanent ones, and the last allowed attempt, dead-letter the
 * row with its last error, visible in the API — nothing is dropped silently.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Clock } from "../../lib/clock.ts";
import { backoffDelay, type BackoffOptions } from "../../lib/backoff.ts";
import { errorMessage, RetryableError } from "../../lib/errors.ts";
import type { AlertStore } from "../../store/alert_types.ts";
import type { Channel, OutboxRecord } from "../model.ts";
import type { Notifier } from "../notify/mod.ts";
import { TokenBucket } from "./rate_limiter.ts";

/** How one delivery attempt ended. */
export type DeliveryOutcome = "sent" | "retry" | "dead";

/** Options of {@linkcode OutboxSender}. */
export interface OutboxSenderOptions {
  store: AlertStore;
  /** One notifier per configured channel; rows for a missing one are dead-lettered. */
  notifiers: Partial<Record<Channel, Notifier>>;
  clock: Clock;
  log: Logger;
  /** Attempts before a row is dead. Default 10. */
  maxAttempts?: number;
  /** Retry back-off. Default 1 s doubling to 10 min. */
  backoff?: BackoffOptions;
  /** How long a claimed row is reserved; longer than any send may take. Default 60 s. */
  leaseMs?: number;
  /** Rows claimed per round. Default 20. */
  batch?: number;
  /** How often to look for rows coming due when nothing wakes the loop. Default 1 s. */
  pollMs?: number;
  /**
   * Sends per minute to one target of a channel (a chat, a recipient list, a
   * URL). Default telegram 20 (Telegram's limit into one group), email 30,
   * webhook 120.
   */
  ratePerMinute?: Partial<Record<Channel, number>>;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Called after every attempt, for metrics. */
  onAttempt?: (channel: Channel, outcome: DeliveryOutcome) => void;
}

const DEFAULT_RATES: Record<Channel, number> = { telegram: 20, email: 30, webhook: 120 };

/**
 * Sends what the outbox holds. `run(signal)` loops until aborted; `wake()`
 * cuts the poll wait short after new rows were enqueued; `sendDue()` does
 * one round and is what tests drive.
 *
 * @example
 * ```ts ignore
 * const sender = new OutboxSender({ store: store.alerts, notifiers, clock, log });
 * const loop = sender.run(signal);
 * await store.alerts.enqueue(records, log); sender.wake();
 * ```
 */
export class OutboxSender {
  readonly #o: Required<Omit<OutboxSenderOptions, "onAttempt" | "ratePerMinute">> & {
    onAttempt?: OutboxSenderOptions["onAttempt"];
  };
  /** One per (channel, target): limits protect each peer, e.g. Telegram's per-chat limit. */
  readonly #buckets = new Map<string, TokenBucket>();
  readonly #rates: Record<Channel, number>;
  #wake: (() => void) | null = null;
  #woken = false;

  constructor(options: OutboxSenderOptions) {
    this.#o = {
      maxAttempts: 10,
      backoff: { initialMs: 1_000, maxMs: 600_000 },
      leaseMs: 60_000,
      batch: 20,
      pollMs: 1_000,
      random: Math.random,
      ...options,
    };
    this.#rates = { ...DEFAULT_RATES, ...options.ratePerMinute };
  }

  /** Ends the current wait at once: new rows are due. */
  wake(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Sends rounds until `signal` aborts; a failing store is logged and retried next poll. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let claimed = 0;
      try {
        claimed = await this.sendDue(signal);
      } catch (error) {
        if (signal.aborted) return;
        this.#o.log.error("outbox round failed: {error}", { error: errorMessage(error) });
      }
      // A full batch means more may be due right now.
      if (claimed < this.#o.batch) await this.#idle(signal);
    }
  }

  /** Claims the due rows and attempts each; channels in parallel, rows of one channel in order. */
  async sendDue(signal: AbortSignal): Promise<number> {
    const rows = await this.#o.store.claimDue(
      this.#o.clock.now(),
      this.#o.batch,
      this.#o.leaseMs,
    );
    const byChannel = new Map<Channel, OutboxRecord[]>();
    for (const row of rows) byChannel.set(row.channel, [...byChannel.get(row.channel) ?? [], row]);
    await Promise.all([...byChannel].map(async ([channel, list]) => {
      for (const row of list) {
        if (signal.aborted) return; // the lease brings it back after a restart
        await this.#attempt(channel, row, signal);
      }
    }));
    return rows.length;
  }

  async #attempt(channel: Channel, row: OutboxRecord, signal: AbortSignal): Promise<void> {
    const notifier = this.#o.notifiers[channel];
    const attempts = row.attempts + 1;
    if (!notifier) {
      return this.#fail(row, attempts, `no ${channel} notifier is configured`, true);
    }
    const wait = this.#bucket(channel, row.target).take(this.#o.clock.now());
    if (wait > 0) await this.#o.clock.sleep(wait, signal).catch(() => {});
    if (signal.aborted) return;
    try {
      await notifier.send(row, signal);
    } catch (error) {
      // Cut short by shutdown: not the peer's fault; the lease brings it back.
      if (signal.aborted) return;
      const retryable = error instanceof RetryableError;
      const dead = !retryable || attempts >= this.#o.maxAttempts;
      const retryAfter = retryable ? error.retryAfterMs ?? 0 : 0;
      return this.#fail(row, attempts, errorMessage(error), dead, retryAfter);
    }
    await this.#o.store.markSent(row.id, this.#o.clock.now());
    this.#o.onAttempt?.(channel, "sent");
    this.#o.log.info("sent {channel} notification {id} to {receiver}", {
      channel,
      id: row.id,
      receiver: row.receiver,
      attempts,
    });
  }

  async #fail(
    row: OutboxRecord,
    attempts: number,
    error: string,
    dead: boolean,
    retryAfterMs = 0,
  ): Promise<void> {
    const now = this.#o.clock.now();
    const delay = Math.max(retryAfterMs, backoffDelay(attempts, this.#o.backoff, this.#o.random()));
    await this.#o.store.markFailed(row.id, { attempts, nextAttemptAt: now + delay, error, dead });
    this.#o.onAttempt?.(row.channel, dead ? "dead" : "retry");
    const fields = { channel: row.channel, id: row.id, attempts, error, delay };
    const line = dead
      ? "{channel} notification {id} dead after {attempts}: {error}"
      : "{channel} notification {id} failed ({error}); retry in {delay} ms";
    if (dead) this.#o.log.error(line, fields);
    else this.#o.log.warn(line, fields);
  }

  #bucket(channel: Channel, target: string): TokenBucket {
    const key = `${channel}\u0000${target}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      // Bursts of up to a second's worth: a flush of several groups goes out together.
      const perMinute = this.#rates[channel];
      bucket = new TokenBucket(
        { perMinute, burst: Math.ceil(perMinute / 60) },
        this.#o.clock.now(),
      );
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  async #idle(signal: AbortSignal): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return;
    }
    // Waking aborts the sleep itself, so no timer outlives the wait.
    const wake = new AbortController();
    this.#wake = () => wake.abort();
    await this.#o.clock.sleep(this.#o.pollMs, AbortSignal.any([signal, wake.signal]))
      .catch(() => {});
    this.#wake = null;
    this.#woken = false;
  }
}
