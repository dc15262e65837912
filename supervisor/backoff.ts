/** Options of {@linkcode restartDelay}. */
export interface BackoffOptions {
  /** Delay before the first restart in a row. */
  initialMs: number;
  /** Cap on the delay. */
  maxMs: number;
}

/**
 * Delay before the `n`-th consecutive restart (from 1): exponential, capped,
 * with "equal jitter" (half fixed, half random) so restarts of many actors
 * after a shared cause spread out, yet the delay still grows.
 *
 * @example
 * ```ts
 * restartDelay(1, { initialMs: 100, maxMs: 30_000 }, 0.5); // 75
 * restartDelay(4, { initialMs: 100, maxMs: 30_000 }, 1); // 800
 * ```
 */
export function restartDelay(n: number, options: BackoffOptions, random: number): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, n - 1));
  return Math.round(base / 2 + (base / 2) * random);
}
