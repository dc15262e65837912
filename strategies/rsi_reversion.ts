/**
 * RSI mean reversion: buy when RSI climbs back up through `oversold`, sell
 * when it falls back down through `overbought`.
 *
 * @module
 */
import { z } from "zod";
import { crossedAbove, crossedBelow, fmt, read, unit } from "./cross.ts";
import type { Strategy } from "./types.ts";

const level = z.number().gt(0, "expected a level in (0, 100)").lt(
  100,
  "expected a level in (0, 100)",
);

/**
 * Parameters of {@linkcode rsiReversion}.
 *
 * @example
 * ```ts
 * rsiReversionParameters.parse({ oversold: 25 }); // { period: 14, oversold: 25, overbought: 70 }
 * ```
 */
export const rsiReversionParameters = z.strictObject({
  /** RSI period of the analysis key read (`rsi_<period>`). */
  period: z.number().int("expected an integer period").min(2, "expected a period >= 2").default(
    14,
  ),
  oversold: level.default(30),
  overbought: level.default(70),
}).refine((p) => p.oversold < p.overbought, {
  message: "expected overbought to be greater than oversold",
  path: ["overbought"],
  // Only compare fields that are valid themselves; otherwise the field's own error says it.
  when: (payload) => payload.issues.length === 0,
});
/**
 * Validated {@linkcode rsiReversion} parameters.
 *
 * @example
 * ```ts
 * const p: RsiReversionParams = { period: 14, oversold: 30, overbought: 70 };
 * ```
 */
export type RsiReversionParams = z.infer<typeof rsiReversionParameters>;

/**
 * The extremes of the current excursion: the lowest RSI since it went to or
 * below `oversold`, the highest since it went to or above `overbought`.
 */
export interface RsiReversionState {
  low: number | null;
  high: number | null;
}

/**
 * RSI mean reversion. Strength is how deep the excursion went: for a buy
 * `(oversold − lowest RSI) / oversold` (a dip to 0 scores 1), for a sell
 * `(highest RSI − overbought) / (100 − overbought)`.
 *
 * @example
 * ```ts
 * const params = rsiReversion.parameters.parse({ oversold: 25, overbought: 75 });
 * rsiReversion.uses(params); // ["rsi_14"]
 * ```
 */
export const rsiReversion: Strategy<RsiReversionParams, RsiReversionState> = {
  id: "rsi_reversion",
  description:
    "Buys when RSI crosses up through the oversold level and sells when it crosses down through the overbought level.",
  parameters: rsiReversionParameters,
  timeframes: "any",
  // RSI appears at candle period + 1; a cross needs one more.
  warmup: (p) => p.period + 2,
  uses: (p) => [`rsi_${p.period}`],
  initialState: () => ({ low: null, high: null }),
  evaluate(view, p, state) {
    const key = `rsi_${p.period}`;
    const rsi = read(view.indicators, key);
    const prev = read(view.previous, key);
    if (rsi === null) return { signal: null, state: { low: null, high: null } };
    const low = rsi <= p.oversold ? Math.min(state.low ?? rsi, rsi) : state.low;
    const high = rsi >= p.overbought ? Math.max(state.high ?? rsi, rsi) : state.high;
    if (prev !== null && crossedAbove(prev, p.oversold, rsi, p.oversold)) {
      const deepest = Math.min(low ?? prev, prev);
      return {
        signal: {
          side: "buy",
          strength: unit((p.oversold - deepest) / p.oversold),
          reason: `RSI${p.period} ${fmt(rsi)} crossed up through ${p.oversold} after a low of ${
            fmt(deepest)
          }`,
        },
        state: { low: null, high },
      };
    }
    if (prev !== null && crossedBelow(prev, p.overbought, rsi, p.overbought)) {
      const highest = Math.max(high ?? prev, prev);
      return {
        signal: {
          side: "sell",
          strength: unit((highest - p.overbought) / (100 - p.overbought)),
          reason: `RSI${p.period} ${
            fmt(rsi)
          } crossed down through ${p.overbought} after a high of ${fmt(highest)}`,
        },
        state: { low, high: null },
      };
    }
    return { signal: null, state: { low, high } };
  },
};
