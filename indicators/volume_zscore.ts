/**
 * Volume z-score: how unusual the latest volume is against the previous
 * `period` volumes, (volume − mean) / σ with σ the population deviation of
 * that earlier window (the latest candle is not part of its own baseline,
 * so a spike cannot dampen itself). Matches trading-signals'
 * `getZScore(previous, latest)`.
 *
 * A window without variance gives `null` (the z-score is undefined, and
 * the analysis schema only carries finite numbers).
 *
 * @module
 */
import { RollingStats, rollingStatsBatch } from "./rolling_stats.ts";
import { outputArray, requireInteger } from "./validate.ts";

/**
 * Incremental volume z-score.
 *
 * @example
 * ```ts
 * import { VolumeZScore } from "./volume_zscore.ts";
 * const z = new VolumeZScore(2);
 * z.update(1); z.update(3);
 * z.update(4); // (4 − 2) / 1 = 2
 * ```
 */
export class VolumeZScore {
  /** Candles needed before `update` stops returning `null`. */
  readonly warmup: number;
  readonly #stats: RollingStats;

  /** @param period baseline window length, an integer ≥ 2 */
  constructor(period: number) {
    this.#stats = new RollingStats(requireInteger("period", period, 2));
    this.warmup = period + 1;
  }

  /** Adds one volume; returns its z-score against the previous `period` volumes. */
  update(volume: number): number | null {
    const stats = this.#stats;
    let z: number | null = null;
    if (stats.full) {
      const sigma = Math.sqrt(stats.variance());
      if (sigma > 0) z = (volume - stats.mean()) / sigma;
    }
    stats.push(volume);
    return z;
  }
}

/**
 * Batch volume z-score; bit-identical to feeding {@link VolumeZScore}.
 *
 * @example
 * ```ts
 * import { volumeZScoreBatch } from "./volume_zscore.ts";
 * volumeZScoreBatch(new Float64Array([1, 3, 4]), 2); // [NaN, NaN, 2]
 * ```
 */
export function volumeZScoreBatch(
  volume: Float64Array,
  period: number,
  out?: Float64Array,
): Float64Array {
  const n = requireInteger("period", period, 2);
  const length = volume.length;
  const result = outputArray("out", length, out);
  const mean = new Float64Array(length);
  const variance = new Float64Array(length);
  rollingStatsBatch(volume, n, mean, variance);
  if (length > 0) result[0] = NaN;
  for (let i = 1; i < length; i++) {
    // Stats of the window ending at the previous candle; NaN during warm-up.
    const sigma = Math.sqrt(variance[i - 1]!);
    result[i] = sigma > 0 ? (volume[i]! - mean[i - 1]!) / sigma : NaN;
  }
  return result;
}
