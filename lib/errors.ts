/**
 * Errors grouped by what the caller must do next, in the manner of grammY's
 * `GrammyError` vs `HttpError`: retry the operation, restart the actor, or
 * refuse to start.
 *
 * @module
 */

/** A transient failure: retry the same operation later (network, timeouts, rate limits). */
export class RetryableError extends Error {
  override name = "RetryableError";
  /** A wait the peer asked for (e.g. `Retry-After`), in ms. */
  readonly retryAfterMs?: number;

  constructor(message: string, options?: ErrorOptions & { retryAfterMs?: number }) {
    super(message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/**
 * The actor's state can no longer be trusted: let the supervisor restart it.
 * Thrown by a bus handler, it crashes the actor with the delivery in hand
 * and unacknowledged (`actors/runtime/restart_on_error.ts`), so the new
 * incarnation gets the message again instead of the bus retrying it here.
 */
export class RestartError extends Error {
  override name = "RestartError";
}

/**
 * Starting (or going on) cannot succeed without a human: bad configuration,
 * bad credentials. The process exits with `exitCode` and no restart loop.
 *
 * @example
 * ```ts
 * throw new FatalError("API key rejected by binance", { exitCode: 78 });
 * ```
 */
export class FatalError extends Error {
  override name = "FatalError";
  readonly exitCode: number;

  constructor(message: string, options?: ErrorOptions & { exitCode?: number }) {
    super(message, options);
    this.exitCode = options?.exitCode ?? 1;
  }
}

/** Invalid configuration: exit code 2, one message naming key, value and expectation. */
export class ConfigError extends FatalError {
  override name = "ConfigError";

  constructor(message: string, options?: ErrorOptions) {
    super(message, { ...options, exitCode: 2 });
  }
}

/**
 * The message of any thrown value, for logs.
 *
 * @example
 * ```ts
 * errorMessage(new Error("boom")); // "boom"
 * errorMessage("plain"); // "plain"
 * ```
 */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
