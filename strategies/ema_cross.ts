/**
 * EMA crossover: buy when the fast EMA crosses above the slow one, sell when
 * it crosses below.
 *
 * The EMAs are computed here, incrementally in the strategy's state, not read
 * from the analysis. The analyzer's output is shared by every strategy and
 * alert rule, so making a strategy's parameters depend on its configuration
 * would couple two actors' configs and restart the analyzer for a strategy
 * tweak; here any periods work, backtests need only candles, and the cost is
 * O(1) per candle with four numbers of state per EMA. The recurrence and SMA
 * seed are those of `indicators/ema.ts`, so the default 12/26 values are
 * bit-identical to the analyzer's `ema_12` / `ema_26` (a test checks it).
 *
 * @module
 */
import { z } from "zod";
import { crossedAbove, crossedBelow, fmt, gapStrength, read } from "./cross.ts";
import type { Strategy } from "./types.ts";

/**
 * Plain-data EMA state, seeded with the SMA of the first `period` closes.
 *
 * @example
 * ```ts
 * const s: EmaState = { count: 0, sum: 0, value: null };
 * ```
 */
export interface EmaState {
  count: number;
  sum: number;
  value: number | null;
}

/**
 * One EMA step; same arithmetic as `Ema.update` in `indicators/ema.ts`.
 *
 * @example
 * ```ts
 * let s: EmaState = { count: 0, sum: 0, value: null };
 * s = emaStep(s, 2, 1);
 * s = emaStep(s, 2, 3); // value 2 (the SMA seed)
 * ```
 */
export function emaStep(state: EmaState, period: number, close: number): EmaState {
  if (state.count < period) {
    const count = state.count + 1;
    const sum = state.sum + close;
    return { count, sum, value: count < period ? null : sum / period };
  }
  const previous = state.value!;
  const alpha = 2 / (period + 1);
  return { count: state.count, sum: state.sum, value: (close - previous) * alpha + previous };
}

const period = z.number().int("expected an integer period").min(1, "expected a period >= 1");

/**
 * Parameters of {@linkcode emaCross}.
 *
 * @example
 * ```ts
 * emaCrossParameters.parse({ fast: 9, slow: 21 }); // { fast: 9, slow: 21, atr: 14 }
 * ```
 */
export const emaCrossParameters = z.strictObject({
  /** Fast EMA period. */
  fast: period.default(12),
  /** Slow EMA period; must exceed `fast`. */
  slow: period.default(26),
  /** ATR period of the analysis key (`atr_<n>`) that scales strength. */
  atr: period.default(14),
}).refine((p) => p.fast < p.slow, {
  message: "expected slow to be greater than fast",
  path: ["slow"],
  // Only compare fields that are valid themselves; otherwise the field's own error says it.
  when: (payload) => payload.issues.length === 0,
});
/**
 * Validated {@linkcode emaCross} parameters.
 *
 * @example
 * ```ts
 * const p: EmaCrossParams = { fast: 12, slow: 26, atr: 14 };
 * ```
 */
export type EmaCrossParams = z.infer<typeof emaCrossParameters>;

/**
 * {@linkcode emaCross} state: both EMAs.
 *
 * @example
 * ```ts
 * const s: EmaCrossState = emaCross.initialState(emaCrossParameters.parse({}));
 * ```
 */
export interface EmaCrossState {
  fast: EmaState;
  slow: EmaState;
}

/**
 * EMA crossover. Strength is the distance between the EMAs at the cross
 * over that distance plus one ATR (`gapStrength`): a cross that already
 * opened a gap of one ATR scores 0.5, a grazing cross near 0.
 *
 * @example
 * ```ts
 * const params = emaCross.parameters.parse({ fast: 9, slow: 21 });
 * let state = emaCross.initialState(params);
 * ({ state } = emaCross.evaluate(view, params, state));
 * ```
 */
export const emaCross: Strategy<EmaCrossParams, EmaCrossState> = {
  id: "ema_cross",
  description: "Buys when the fast EMA crosses above the slow EMA and sells when it crosses below.",
  parameters: emaCrossParameters,
  timeframes: "any",
  // The slow EMA appears at candle `slow`; a cross needs one more.
  warmup: (p) => p.slow + 1,
  uses: (p) => [`atr_${p.atr}`],
  initialState: () => ({
    fast: { count: 0, sum: 0, value: null },
    slow: { count: 0, sum: 0, value: null },
  }),
  evaluate(view, p, state) {
    const close = view.candle.close;
    const next = {
      fast: emaStep(state.fast, p.fast, close),
      slow: emaStep(state.slow, p.slow, close),
    };
    const [pf, ps, f, s] = [state.fast.value, state.slow.value, next.fast.value, next.slow.value];
    if (pf === null || ps === null || f === null || s === null) {
      return { signal: null, state: next };
    }
    const side = crossedAbove(pf, ps, f, s) ? "buy" : crossedBelow(pf, ps, f, s) ? "sell" : null;
    if (side === null) return { signal: null, state: next };
    const atr = read(view.indicators, `atr_${p.atr}`);
    return {
      signal: {
        side,
        strength: gapStrength(f - s, atr),
        reason: `EMA${p.fast} ${fmt(f)} crossed ${
          side === "buy" ? "above" : "below"
        } EMA${p.slow} ${fmt(s)}`,
        values: { [`ema_${p.fast}`]: f, [`ema_${p.slow}`]: s },
      },
      state: next,
    };
  },
};
