/**
 * Running strategies over stored candles, with the analyzer's indicators
 * computed on the way: backtests, warm-up after a restart, tests.
 *
 * @module
 */
import { IndicatorSet, type IndicatorSetParams } from "../indicators/mod.ts";
import type { Analysis, Candle, Signal } from "../messages/payloads.ts";
import { evaluateSignal, startRun, type StrategyRun } from "./evaluate.ts";
import type { ResolvedStrategy } from "./types.ts";

/**
 * The analysis the analyzer would publish for each candle of one series.
 *
 * @example
 * ```ts
 * const analyses = analyse(candles);
 * analyses[30]!.indicators.ema_12;
 * ```
 */
export function analyse(
  candles: readonly Candle[],
  indicators: IndicatorSetParams = {},
): Analysis[] {
  const set = new IndicatorSet(indicators);
  return candles.map((c) => ({
    exchange: c.exchange,
    symbol: c.symbol,
    timeframe: c.timeframe,
    openTime: c.openTime,
    open: c.open,
    high: c.high,
    low: c.low,
    close: c.close,
    volume: c.volume,
    indicators: { ...set.update(c) },
  }));
}

/**
 * Evaluates each strategy over the candles (one series, oldest first) and
 * returns every signal in candle order, plus each strategy's final run (to
 * continue live from where the replay stopped).
 *
 * @example
 * ```ts
 * const { signals, runs } = replaySignals(resolveStrategies([{ id: "ema_cross" }]), candles);
 * ```
 */
export function replaySignals(
  strategies: readonly ResolvedStrategy[],
  candles: readonly Candle[],
  options: { indicators?: IndicatorSetParams; runs?: readonly StrategyRun[] } = {},
): { signals: Signal[]; runs: StrategyRun[] } {
  const runs = strategies.map((s, i) => options.runs?.[i] ?? startRun(s));
  const signals: Signal[] = [];
  const analyses = analyse(candles, options.indicators);
  candles.forEach((candle, c) => {
    strategies.forEach((s, i) => {
      const out = evaluateSignal(s, runs[i]!, candle, analyses[c]!);
      runs[i] = out.run;
      if (out.signal) signals.push(out.signal);
    });
  });
  return { signals, runs };
}
