/**
 * A deadline for a promise: readiness checks and scrapes must answer even
 * when a dependency hangs.
 *
 * @module
 */

/**
 * Thrown by {@linkcode withTimeout} when the deadline passes first.
 *
 * @example
 * ```ts
 * const e = new TimeoutError("ping did not answer within 100 ms");
 * e.name; // "TimeoutError"
 * ```
 */
export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/**
 * Resolves like `work`, or rejects with a {@linkcode TimeoutError} naming
 * `what` once `ms` have passed. The timer is cleared either way; `work`
 * itself is not cancelled (its result is then ignored).
 *
 * @example
 * ```ts
 * await withTimeout(Promise.resolve(1), 100, "ping"); // 1
 * ```
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)),
      ms,
    );
  });
  // A late rejection of `work` after the deadline must not go unhandled.
  work.catch(() => {});
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
