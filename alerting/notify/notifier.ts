/**
 * The port the outbox sends through: one notifier per channel.
 *
 * @module
 */
import type { Channel, OutboxRecord } from "../model.ts";

/**
 * Delivers one stored notification to one channel target.
 *
 * `send` resolves once the peer accepted the notification. It rejects with a
 * `RetryableError` (from `lib/errors.ts`, with `retryAfterMs` when the peer
 * asked for a wait) when a later attempt may succeed — including when
 * `signal` aborts — and with a `PermanentDeliveryError` when none will.
 * `record.id` is the idempotency key every attempt carries.
 *
 * @example
 * ```ts
 * const notifier: Notifier = createWebhookNotifier({ secret: "s3cret" });
 * await notifier.send(record, AbortSignal.timeout(30_000));
 * ```
 */
export interface Notifier {
  readonly channel: Channel;
  send(record: OutboxRecord, signal: AbortSignal): Promise<void>;
  /** Releases connections and timers; the notifier must not be used afterwards. */
  close?(): Promise<void>;
}
