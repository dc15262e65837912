/**
 * Retrying market and storage calls forever with exponential back-off and
 * jitter (p-retry), honouring an exchange's Retry-After, and giving up only
 * on failures that retrying cannot fix (bad symbol, authentication).
 *
 * @module
 */
import pRetry from "p-retry";
import type { Logger } from "@logtape/logtape";
import { type ClassifiedError, classifyError } from "../../market/errors.ts";
import { sleep } from "../../lib/clock.ts";

/** Back-off settings, in real milliseconds (network waits are real even when the market clock is scaled). */
export interface BackoffOptions {
  /** First delay. Default 1000. */
  minMs?: number;
  /** Delay cap. Default 60 000. */
  maxMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
}

/** Options for {@linkcode retryForever}. */
export interface RetryForeverOptions {
  /** What is being tried, for log lines: "fetching binance:BTC/USDT:1m". */
  what: string;
  /** Who answers, for log lines: "ccxt:binance". */
  peer: string;
  logger: Logger;
  signal: AbortSignal;
  backoff?: BackoffOptions;
  /** Told about every failed attempt (to count errors). */
  onFailure?: (error: ClassifiedError, retryInMs: number) => void;
}

/**
 * Runs `fn` until it succeeds. Retryable and unknown failures are retried
 * with back-off (capped, with jitter) forever; a bad symbol or an
 * authentication failure rejects at once with the original error; an abort
 * rejects with the signal's reason.
 *
 * @example
 * ```ts
 * import { getLogger } from "@logtape/logtape";
 * const signal = new AbortController().signal;
 * const data = await retryForever(() => fetch("http://127.0.0.1:9/").then((r) => r.text()), {
 *   what: "fetching candles", peer: "exchange", logger: getLogger(["ct"]), signal,
 * });
 * ```
 */
export function retryForever<T>(fn: () => Promise<T>, options: RetryForeverOptions): Promise<T> {
  const { logger, signal } = options;
  const b = options.backoff ?? {};
  return pRetry(async () => {
    try {
      return await fn();
    } catch (err) {
      // p-retry never retries a TypeError that is not a network error; a
      // bug or a strange payload must still not end the series' loop.
      if (err instanceof TypeError) throw new Error(err.message, { cause: err });
      throw err;
    }
  }, {
    retries: Infinity,
    minTimeout: b.minMs ?? 1000,
    maxTimeout: b.maxMs ?? 60_000,
    factor: b.factor ?? 2,
    randomize: true,
    signal,
    shouldRetry: ({ error }) => {
      const kind = classifyError(error).kind;
      return kind === "retryable" || kind === "unknown";
    },
    onFailedAttempt: async ({ error, retryDelay }) => {
      const c = classifyError(error);
      if (c.kind === "bad_symbol" || c.kind === "auth") return;
      // Wait at least as long as the exchange asked; p-retry adds its own delay after this.
      const extra = Math.max(0, (c.retryAfterMs ?? 0) - retryDelay);
      const wait = retryDelay + extra;
      options.onFailure?.(c, wait);
      const secs = (wait / 1000).toFixed(wait < 1000 ? 2 : wait < 10_000 ? 1 : 0);
      const props = { what: options.what, peer: options.peer, error: c.message, secs };
      if (c.kind === "unknown") {
        logger.error("{what} failed: {error}, retrying in {secs}s", props);
      } else if (c.name === "RateLimitExceeded" || c.name === "DDoSProtection") {
        logger.warn("{peer} rate-limited {what}: {error}, retrying in {secs}s", props);
      } else if (c.name === "BadResponse" || c.name === "NullResponse") {
        logger.warn("bad response from {peer}: {error} ({what}), retrying in {secs}s", props);
      } else {
        logger.warn("exchange unreachable: {peer}: {error} ({what}), retrying in {secs}s", props);
      }
      if (extra > 0) await sleep(extra, signal);
    },
  });
}
