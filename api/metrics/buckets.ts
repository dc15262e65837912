/**
 * Histogram bucket bounds shared by the main thread's prom-client metrics
 * and the actors' plain tallies: merged series must have the same bounds.
 *
 * @module
 */

/**
 * Store operation duration buckets, seconds: from an SQLite point read to a
 * stalled pool.
 *
 * @example
 * ```ts
 * queryDurationBuckets[0]; // 0.0005
 * ```
 */
export const queryDurationBuckets: readonly number[] = [
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
];

/**
 * Handler duration buckets, seconds.
 *
 * @example
 * ```ts
 * handlerDurationBuckets.at(-1); // 5
 * ```
 */
export const handlerDurationBuckets: readonly number[] = [
  0.0001,
  0.0005,
  0.001,
  0.005,
  0.01,
  0.05,
  0.1,
  0.5,
  1,
  5,
];
