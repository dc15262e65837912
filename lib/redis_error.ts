/**
 * Errors of node-redis commands, made to say what failed.
 *
 * @module
 */

/**
 * The error to pass on for a failed command. node-redis rejects a command
 * that got no reply in time with a `TimeoutError` that has no message, which
 * logs as a bare "Error"; such errors are replaced by one that names the
 * command and what happened, with the original as `cause`.
 *
 * @example
 * ```ts
 * class TimeoutError extends Error {}
 * describeCommandError(new TimeoutError(), "EVALSHA", 5_000);
 * // Error: EVALSHA got no reply from Redis within 5000 ms
 * ```
 */
export function describeCommandError(e: unknown, command: string, timeoutMs: number): unknown {
  if (!(e instanceof Error) || e.message !== "") return e;
  const kind = e.constructor.name;
  const text = kind === "TimeoutError"
    ? `${command} got no reply from Redis within ${timeoutMs} ms`
    : `${command} failed with ${kind === "Error" ? "an error without a message" : kind}`;
  return new Error(text, { cause: e });
}
