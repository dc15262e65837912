/**
 * Holding a delivery through a passing outage.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import pRetry, { AbortError } from "p-retry";
import { errorMessage, RetryableError } from "../lib/errors.ts";

/** Options of {@linkcode holdWhileTransient}. */
export interface HoldOptions {
  /** Ends the hold (the consumer is stopping): the call rejects with its reason. */
  signal: AbortSignal;
  log: Logger;
  /** Whether holding still makes sense (e.g. the partition's lease is still ours). */
  keepGoing?: () => boolean;
  /** First wait; doubles, with jitter, up to `maxDelayMs`. Default 100 (the buses pass their retry delay). */
  minDelayMs?: number;
  /** Default 5 000. */
  maxDelayMs?: number;
}

/**
 * Runs a handler until it gets past a {@linkcode RetryableError} (the
 * database restarting, a peer's 503). A transient failure is no fault of the
 * message, so it spends none of the message's delivery attempts: the bus
 * holds the delivery (later messages of its key wait behind it) and tries
 * again with backoff for as long as the outage lasts. Any other error is the
 * message's own, and is rethrown at once for the attempt-counting retries
 * and the dead-letter queue.
 *
 * @example
 * ```ts ignore
 * await holdWhileTransient(() => handler(message, info), { signal, log });
 * ```
 */
export function holdWhileTransient<T>(
  fn: () => T | Promise<T>,
  options: HoldOptions,
): Promise<T> {
  return pRetry(async () => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof RetryableError) throw error;
      throw new AbortError(error instanceof Error ? error : new Error(errorMessage(error)));
    }
  }, {
    retries: Number.POSITIVE_INFINITY,
    minTimeout: options.minDelayMs ?? 100,
    maxTimeout: options.maxDelayMs ?? 5_000,
    randomize: true,
    signal: options.signal,
    shouldRetry: () => options.keepGoing?.() ?? true,
    onFailedAttempt: ({ error, attemptNumber, retryDelay }) => {
      options.log.warn(
        "a handler failed transiently ({n} in a row): {error}; holding the message, retrying in {delay} ms",
        {
          n: attemptNumber,
          error: error.message,
          delay: retryDelay,
        },
      );
    },
  });
}
