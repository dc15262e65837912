/**
 * Technical indicators, each in two forms: an incremental class whose
 * `update` does O(1) (amortised) work per candle and returns `null` while
 * warming up, and a batch kernel over `Float64Array`s (NaN while warming up)
 * for backtests. The two forms give bit-identical numbers. `IndicatorSet`
 * bundles the analyzer's default set.
 *
 * Inputs must be finite numbers (as `candleSchema` enforces): a NaN poisons
 * the exponential indicators for good.
 *
 * @example
 * ```ts
 * import { IndicatorSet, smaBatch } from "./mod.ts";
 * const set = new IndicatorSet();
 * const values = set.update({ openTime: 0, high: 101, low: 99, close: 100, volume: 5 });
 * values.vwap; // 100
 * smaBatch(new Float64Array([1, 2, 3]), 2); // [NaN, 1.5, 2.5]
 * ```
 *
 * @module
 */
export { Sma, smaBatch } from "./sma.ts";
export { Ema, emaBatch } from "./ema.ts";
export { Rsi, rsiBatch } from "./rsi.ts";
export {
  Macd,
  macdBatch,
  type MacdOptions,
  macdPeriods,
  type MacdSeries,
  type MacdValue,
} from "./macd.ts";
export {
  BollingerBands,
  bollingerBatch,
  type BollingerOptions,
  bollingerParams,
  type BollingerSeries,
  type BollingerValue,
} from "./bollinger.ts";
export { Atr, atrBatch } from "./atr.ts";
export {
  Stochastic,
  stochasticBatch,
  type StochasticOptions,
  stochasticPeriods,
  type StochasticSeries,
  type StochasticValue,
} from "./stochastic.ts";
export { Obv, obvBatch } from "./obv.ts";
export { Vwap, vwapBatch } from "./vwap.ts";
export { VolumeZScore, volumeZScoreBatch } from "./volume_zscore.ts";
export {
  type IndicatorCandle,
  IndicatorSet,
  type IndicatorSetParams,
  type IndicatorValues,
} from "./indicator_set.ts";
