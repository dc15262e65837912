/**
 * The strategy contract, after Freqtrade's: a strategy is a pure function of
 * candles and indicator values. The framework owns all I/O (bus, store,
 * clock), so the same module runs live and in backtests.
 *
 * @module
 */
import type { z } from "zod";
import type { Candle } from "../messages/payloads.ts";

/**
 * Indicator name → value, `null` while warming up; names as the analyzer's
 * `IndicatorSet` gives them (`ema_12`, `rsi_14`, `macd`, `bb_pct_b`, …).
 *
 * @example
 * ```ts
 * const values: IndicatorRecord = { rsi_14: 28.4, atr_14: null };
 * ```
 */
export type IndicatorRecord = Readonly<Record<string, number | null>>;

/**
 * What a strategy sees on one closed candle.
 *
 * @example
 * ```ts
 * const rsi = view.indicators.rsi_14 ?? null;
 * const before = view.previous?.rsi_14 ?? null;
 * ```
 */
export interface StrategyView {
  /** The candle that just closed. */
  readonly candle: Candle;
  /** Indicator values at this candle. */
  readonly indicators: IndicatorRecord;
  /** Indicator values at the previous evaluation (for crossovers); `null` on the first. */
  readonly previous: IndicatorRecord | null;
  /** Candles seen so far, this one included (1 on the first). */
  readonly count: number;
}

/**
 * A strategy's verdict before the framework adds series, time and price.
 *
 * @example
 * ```ts
 * const proposal: ProposedSignal = { side: "buy", strength: 0.4, reason: "RSI 31 crossed up through 30" };
 * ```
 */
export interface ProposedSignal {
  side: "buy" | "sell";
  /** In [0, 1]; each strategy documents what it measures. */
  strength: number;
  /** One human-readable sentence. */
  reason: string;
  /** Values the strategy computed itself (not in the analysis), reported with the signal. */
  values?: Record<string, number | null>;
}

/**
 * One evaluation's output: a signal or `null`, and the next state.
 *
 * @example
 * ```ts
 * const result: StrategyResult<null> = { signal: null, state: null };
 * ```
 */
export interface StrategyResult<S> {
  signal: ProposedSignal | null;
  state: S;
}

/**
 * A pluggable strategy. `evaluate` must be pure: no I/O, no clock, no
 * randomness, and `state` plain data (JSON-serialisable, no class
 * instances) so it can be persisted and replayed.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * const alwaysBuy: Strategy<{ strength: number }, null> = {
 *   id: "always_buy",
 *   description: "Buys on every candle (for tests).",
 *   parameters: z.strictObject({ strength: z.number().min(0).max(1).default(1) }),
 *   timeframes: "any",
 *   warmup: () => 1,
 *   uses: () => [],
 *   initialState: () => null,
 *   evaluate: (_view, params, state) => ({
 *     signal: { side: "buy", strength: params.strength, reason: "always" },
 *     state,
 *   }),
 * };
 * ```
 */
export interface Strategy<P = unknown, S = unknown> {
  /** Registry key, e.g. `ema_cross`. */
  readonly id: string;
  /** One sentence for humans (API, CLI). */
  readonly description: string;
  /** Parameter schema; every field has a default, unknown keys are rejected. */
  readonly parameters: z.ZodType<P>;
  /** Timeframes the strategy is meant for, or `"any"`. */
  readonly timeframes: readonly string[] | "any";
  /** Candles needed before its signals are trusted; earlier ones are dropped. */
  warmup(params: P): number;
  /** Analysis keys it reads; they must exist in the analysis (a `null` value is fine). */
  uses(params: P): readonly string[];
  /** The state before the first candle. */
  initialState(params: P): S;
  /** Decides on one closed candle. Called for every candle, warm-up included. */
  evaluate(view: StrategyView, params: P, state: S): StrategyResult<S>;
}

/**
 * Any strategy, as the registry holds it. Methods are declared with method
 * syntax above, so a `Strategy<P, S>` is assignable to this.
 *
 * @example
 * ```ts
 * const list: AnyStrategy[] = [emaCross, rsiReversion];
 * ```
 */
export type AnyStrategy = Strategy<unknown, unknown>;

/**
 * A configured strategy: validated parameters, ready to evaluate.
 *
 * @example
 * ```ts
 * const [rsi] = resolveStrategies([{ id: "rsi_reversion", params: { oversold: 25 } }]);
 * rsi.name; // "rsi_reversion"
 * ```
 */
export interface ResolvedStrategy {
  /** Signal and position name: `name` from the config, else the id. Unique per process. */
  readonly name: string;
  readonly strategy: AnyStrategy;
  /** Parameters after validation, defaults applied. */
  readonly params: unknown;
}
