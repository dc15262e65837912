/**
 * Running a configured strategy over one series, candle by candle, and
 * turning its verdicts into full `Signal` payloads for the bus and store.
 *
 * @module
 */
import { type Candle, type Signal, signalSchema } from "../messages/payloads.ts";
import type { Analysis } from "../messages/payloads.ts";
import { seriesKey } from "../messages/keys.ts";
import { acceptFastPayload } from "../messages/fast_path.ts";
import type { IndicatorRecord, ResolvedStrategy } from "./types.ts";

/**
 * `uses` and `warmup` are functions of the parameters alone: worked out once
 * per resolved strategy instead of per candle (a vote's `uses` builds a set).
 */
const derived = new WeakMap<ResolvedStrategy, { uses: readonly string[]; warmup: number }>();

function derivedOf(resolved: ResolvedStrategy): { uses: readonly string[]; warmup: number } {
  let d = derived.get(resolved);
  if (!d) {
    d = {
      uses: resolved.strategy.uses(resolved.params),
      warmup: resolved.strategy.warmup(resolved.params),
    };
    derived.set(resolved, d);
  }
  return d;
}

/**
 * Everything a strategy carries from one candle of a series to the next.
 * Plain data: persist it or rebuild it by replaying the warm-up candles.
 *
 * @example
 * ```ts
 * let run: StrategyRun = startRun(resolved);
 * ```
 */
export interface StrategyRun {
  /** The strategy's own state. */
  state: unknown;
  /** Indicator values at the previous candle. */
  previous: IndicatorRecord | null;
  /** Candles evaluated so far. */
  count: number;
  /** Open time of the last candle evaluated. */
  lastOpenTime: number | null;
}

/**
 * The run before the first candle of a series.
 *
 * @example
 * ```ts
 * const run = startRun(resolveStrategies([{ id: "macd_cross" }])[0]!);
 * run.count; // 0
 * ```
 */
export function startRun(resolved: ResolvedStrategy): StrategyRun {
  return {
    state: resolved.strategy.initialState(resolved.params),
    previous: null,
    count: 0,
    lastOpenTime: null,
  };
}

/**
 * Whether a strategy is meant for a timeframe.
 *
 * @example
 * ```ts
 * supportsTimeframe(resolved, "1h"); // true for every built-in
 * ```
 */
export function supportsTimeframe(resolved: ResolvedStrategy, timeframe: string): boolean {
  const { timeframes } = resolved.strategy;
  return timeframes === "any" || timeframes.includes(timeframe);
}

/**
 * Evaluates one closed candle and its analysis. Returns the complete
 * `Signal` (side, strength, reason, price = close, openTime, strategy name,
 * and the indicator values behind it: the analysis keys the strategy uses
 * plus the values it computed itself) or `null`, and the next run.
 *
 * Signals before the strategy's warm-up are dropped (its state still
 * advances). A candle at or before the last one evaluated (a redelivery)
 * changes nothing and yields no signal: the first delivery already did.
 *
 * An `Analysis` carries its candle's OHLCV, so an actor that only receives
 * analyses passes the same object as both `candle` and `analysis`.
 *
 * The next run keeps a copy of the analysis' indicators as `previous` (the
 * caller may reuse its record: an `IndicatorSet`'s is overwritten by the next
 * update). A caller evaluating several strategies on one analysis can pass
 * one frozen copy as `previous` for all of them instead.
 *
 * @throws {RangeError} when the analysis is not for this candle, the
 *   timeframe is unsupported, or an indicator the strategy uses is missing.
 *
 * @example
 * ```ts
 * let run = startRun(resolved);
 * const out = evaluateSignal(resolved, run, analysis, analysis);
 * run = out.run;
 * if (out.signal && await store.insertSignal(out.signal)) await bus.publish(out.signal);
 * ```
 */
export function evaluateSignal(
  resolved: ResolvedStrategy,
  run: StrategyRun,
  candle: Candle,
  analysis: Analysis,
  previous?: IndicatorRecord,
): { signal: Signal | null; run: StrategyRun } {
  const { strategy, params, name } = resolved;
  // An analysis carries its candle: callers usually pass one object as both.
  if (
    candle !== analysis &&
    (seriesKey(candle) !== seriesKey(analysis) || candle.openTime !== analysis.openTime)
  ) {
    throw new RangeError(
      `strategy "${name}": analysis ${
        seriesKey(analysis)
      }@${analysis.openTime} does not belong to candle ${seriesKey(candle)}@${candle.openTime}`,
    );
  }
  if (!supportsTimeframe(resolved, candle.timeframe)) {
    throw new RangeError(
      `strategy "${name}" (${strategy.id}) supports timeframes ${
        (strategy.timeframes as readonly string[]).join(", ")
      }, received ${candle.timeframe}`,
    );
  }
  if (run.lastOpenTime !== null && candle.openTime <= run.lastOpenTime) {
    return { signal: null, run };
  }
  const { uses, warmup } = derivedOf(resolved);
  for (const key of uses) {
    if (!(key in analysis.indicators)) {
      throw new RangeError(
        `strategy "${name}" (${strategy.id}) needs indicator "${key}", which the analysis of ${
          seriesKey(analysis)
        } lacks; it has ${
          Object.keys(analysis.indicators).join(", ")
        }. Configure the analyzer or the strategy's parameters to match.`,
      );
    }
  }
  const count = run.count + 1;
  const result = strategy.evaluate(
    { candle, indicators: analysis.indicators, previous: run.previous, count },
    params,
    run.state,
  );
  const next: StrategyRun = {
    state: result.state,
    previous: previous ?? { ...analysis.indicators },
    count,
    lastOpenTime: candle.openTime,
  };
  const proposal = result.signal;
  if (proposal === null || count < warmup) return { signal: null, run: next };
  const indicators: Record<string, number | null> = {};
  for (const key of uses) indicators[key] = analysis.indicators[key] ?? null;
  Object.assign(indicators, proposal.values);
  // Parsing catches a strategy bug (NaN strength, non-finite value) here,
  // with the strategy's name, instead of at the store or a consumer.
  const signal: Signal = {
    exchange: candle.exchange,
    symbol: candle.symbol,
    timeframe: candle.timeframe,
    strategy: name,
    openTime: candle.openTime,
    side: proposal.side,
    strength: proposal.strength,
    price: candle.close,
    reason: proposal.reason,
    indicators,
  };
  // The schema's rules by hand first (see `fast_path.ts`); zod for the verdict and message.
  if (acceptFastPayload("signal", signal)) return { signal, run: next };
  const parsed = signalSchema.safeParse(signal);
  if (!parsed.success) {
    throw new RangeError(
      `strategy "${name}" (${strategy.id}) produced an invalid signal at ${
        seriesKey(candle)
      }@${candle.openTime}: ${
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      }`,
    );
  }
  return { signal: parsed.data, run: next };
}
