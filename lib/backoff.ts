/** Options of {@linkcode backoffDelay}. */
export interface BackoffOptions {
  /** Delay before the first retry in a row. */
  initialMs: number;
  /** Cap on the delay. */
  maxMs: number;
}

/**
 * Delay before the `n`-th consecutive attempt (from 1; a restart, a redelivery):
 * exponential, capped,
 * with "equal jitter" (half fixed, half random) so retries of many callers
 * after a shared cause spread out, yet the delay still grows.
 *
 * @example
 * ```ts
 * backoffDelay(1, { initialMs: 100, maxMs: 30_000 }, 0.5); // 75
 * backoffDelay(4, { initialMs: 100, maxMs: 30_000 }, 1); // 800
 * ```
 */
export function backoffDelay(n: number, options: BackoffOptions, random: number): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, n - 1));
  return Math.round(base / 2 + (base / 2) * random);
}
