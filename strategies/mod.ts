/**
 * Pluggable, pure trading strategies (Freqtrade's model): each is a function
 * of candles and indicator values with its own plain-data state; the
 * framework (the strategy actor, backtests) owns all I/O.
 *
 * Built-ins: `ema_cross`, `rsi_reversion`, `macd_cross`, `bollinger`
 * (breakout or reversion) and `vote`.
 *
 * @example
 * ```ts
 * import { evaluateSignal, resolveStrategies, startRun } from "./mod.ts";
 * const [strategy] = resolveStrategies([{ id: "rsi_reversion", params: { oversold: 25 } }]);
 * let run = startRun(strategy!);
 * const out = evaluateSignal(strategy!, run, analysis, analysis);
 * run = out.run;
 * if (out.signal) await bus.publish(out.signal);
 * ```
 *
 * @module
 */
export type {
  AnyStrategy,
  IndicatorRecord,
  ProposedSignal,
  ResolvedStrategy,
  Strategy,
  StrategyResult,
  StrategyView,
} from "./types.ts";
export { crossedAbove, crossedBelow, gapStrength } from "./cross.ts";
export {
  emaCross,
  emaCrossParameters,
  type EmaCrossParams,
  type EmaCrossState,
  type EmaState,
  emaStep,
} from "./ema_cross.ts";
export {
  rsiReversion,
  rsiReversionParameters,
  type RsiReversionParams,
  type RsiReversionState,
} from "./rsi_reversion.ts";
export { macdCross, macdCrossParameters, type MacdCrossParams } from "./macd_cross.ts";
export { bollinger, bollingerParameters, type BollingerParams } from "./bollinger.ts";
export { createVoteStrategy, type VoteParams, type VoteState } from "./vote.ts";
export { type StrategyConfig, StrategyConfigError } from "./resolve.ts";
export { resolveStrategies, strategyRegistry } from "./registry.ts";
export { evaluateSignal, startRun, type StrategyRun, supportsTimeframe } from "./evaluate.ts";
export { analyse, replaySignals } from "./replay.ts";
