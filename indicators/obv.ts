/**
 * On-Balance Volume (Granville): a running total that adds the candle's
 * volume when the close rises, subtracts it when it falls.
 *
 * The first candle has no previous close and gives 0, so the value exists
 * from the first candle. technicalindicators' OBV emits nothing for the
 * first candle and then the same totals; TA-Lib starts at the first volume.
 *
 * @module
 */
import { outputArray, requireSameLength } from "./validate.ts";

/**
 * Incremental OBV.
 *
 * @example
 * ```ts
 * import { Obv } from "./obv.ts";
 * const obv = new Obv();
 * obv.update(10, 5); // 0
 * obv.update(11, 3); // 3
 * obv.update(10, 2); // 1
 * ```
 */
export class Obv {
  /** Candles needed before `update` stops returning `null` (never null). */
  readonly warmup = 1;
  #started = false;
  #previousClose = 0;
  #total = 0;

  /** Adds one candle; returns the running total. */
  update(close: number, volume: number): number {
    if (this.#started) {
      const previous = this.#previousClose;
      if (close > previous) this.#total += volume;
      else if (close < previous) this.#total -= volume;
    } else {
      this.#started = true;
    }
    this.#previousClose = close;
    return this.#total;
  }
}

/**
 * Batch OBV; bit-identical to feeding {@link Obv}.
 *
 * @example
 * ```ts
 * import { obvBatch } from "./obv.ts";
 * obvBatch(new Float64Array([10, 11, 10]), new Float64Array([5, 3, 2])); // [0, 3, 1]
 * ```
 */
export function obvBatch(
  close: Float64Array,
  volume: Float64Array,
  out?: Float64Array,
): Float64Array {
  const length = requireSameLength({ close, volume });
  const result = outputArray("out", length, out);
  let total = 0;
  if (length > 0) result[0] = 0;
  for (let i = 1; i < length; i++) {
    const c = close[i]!;
    const previous = close[i - 1]!;
    if (c > previous) total += volume[i]!;
    else if (c < previous) total -= volume[i]!;
    result[i] = total;
  }
  return result;
}
