import type { Logger } from "@logtape/logtape";
import pRetry, { AbortError } from "p-retry";
import { errorMessage } from "../../lib/errors.ts";
import { StoreConnectionError } from "../../store/mod.ts";

/** Options of {@linkcode untilStored}. */
export interface UntilStoredOptions {
  /** Stops retrying (the actor is stopping); the message is then redelivered to its next run. */
  signal: AbortSignal;
  log: Logger;
  /** First wait; doubles up to `maxDelayMs`. Default 250. */
  minDelayMs?: number;
  /** Default 30 000. */
  maxDelayMs?: number;
}

/**
 * Runs `fn` until it gets past storage being unreachable. The bus retries a
 * failing handler only a few times before dead-lettering the message; an
 * alert must not be lost to a database restart, so while the store cannot
 * be reached the alerter holds the message (unacknowledged, its mailbox
 * backing up) and tries again with backoff. Any other error is the
 * message's own problem and goes to the bus as usual.
 *
 * @example
 * ```ts ignore
 * await untilStored(() => manager.receive(alert, clock.now()), { signal, log });
 * ```
 */
export function untilStored<T>(fn: () => Promise<T>, options: UntilStoredOptions): Promise<T> {
  return pRetry(async () => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof StoreConnectionError) throw error;
      throw new AbortError(error instanceof Error ? error : new Error(errorMessage(error)));
    }
  }, {
    retries: Number.POSITIVE_INFINITY,
    minTimeout: options.minDelayMs ?? 250,
    maxTimeout: options.maxDelayMs ?? 30_000,
    randomize: true,
    signal: options.signal,
    onFailedAttempt: ({ error, attemptNumber, retryDelay }) => {
      options.log.warn("storage unreachable (attempt {attempt}): {error}; retrying in {delay} ms", {
        attempt: attemptNumber,
        error: error.message,
        delay: retryDelay,
      });
    },
  });
}
