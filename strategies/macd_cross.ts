/**
 * MACD cross: buy when the MACD line crosses above its signal line, sell
 * when it crosses below. The MACD periods are the analyzer's (`macd`,
 * `macd_signal`; 12/26/9 by default): MACD is a standard, shared output.
 *
 * @module
 */
import { z } from "zod";
import { crossedAbove, crossedBelow, fmt, gapStrength, read } from "./cross.ts";
import type { Strategy } from "./types.ts";

/**
 * Parameters of {@linkcode macdCross}.
 *
 * @example
 * ```ts
 * macdCrossParameters.parse({}); // { zeroLineFilter: false, atr: 14, warmup: 35 }
 * ```
 */
export const macdCrossParameters = z.strictObject({
  /**
   * Only take crosses on the far side of the zero line (buys while MACD < 0,
   * sells while MACD > 0), the classic filter against late entries.
   */
  zeroLineFilter: z.boolean().default(false),
  /** ATR period of the analysis key (`atr_<n>`) that scales strength. */
  atr: z.number().int("expected an integer period").min(1, "expected a period >= 1").default(14),
  /**
   * Candles before crosses are trusted. With the analyzer's default 12/26/9
   * the signal line appears at candle 34 (26 + 9 − 1) and a cross needs one more.
   */
  warmup: z.number().int("expected an integer candle count").min(2, "expected at least 2").default(
    35,
  ),
});
/**
 * Validated {@linkcode macdCross} parameters.
 *
 * @example
 * ```ts
 * const p: MacdCrossParams = { zeroLineFilter: true, atr: 14, warmup: 35 };
 * ```
 */
export type MacdCrossParams = z.infer<typeof macdCrossParameters>;

/**
 * MACD/signal cross. Strength is `gapStrength(macd − signal, ATR)`: the
 * histogram at the cross against one ATR (both are price distances).
 *
 * @example
 * ```ts
 * const params = macdCross.parameters.parse({ zeroLineFilter: true });
 * macdCross.uses(params); // ["macd", "macd_signal", "atr_14"]
 * ```
 */
export const macdCross: Strategy<MacdCrossParams, null> = {
  id: "macd_cross",
  description: "Buys when MACD crosses above its signal line and sells when it crosses below.",
  parameters: macdCrossParameters,
  timeframes: "any",
  warmup: (p) => p.warmup,
  uses: (p) => ["macd", "macd_signal", `atr_${p.atr}`],
  initialState: () => null,
  evaluate(view, p, state) {
    const [m, s] = [read(view.indicators, "macd"), read(view.indicators, "macd_signal")];
    const [pm, ps] = [read(view.previous, "macd"), read(view.previous, "macd_signal")];
    if (m === null || s === null || pm === null || ps === null) return { signal: null, state };
    const side = crossedAbove(pm, ps, m, s) ? "buy" : crossedBelow(pm, ps, m, s) ? "sell" : null;
    if (side === null) return { signal: null, state };
    if (p.zeroLineFilter && (side === "buy" ? m >= 0 : m <= 0)) return { signal: null, state };
    return {
      signal: {
        side,
        strength: gapStrength(m - s, read(view.indicators, `atr_${p.atr}`)),
        reason: `MACD ${fmt(m)} crossed ${side === "buy" ? "above" : "below"} its signal line ${
          fmt(s)
        }`,
      },
      state,
    };
  },
};
