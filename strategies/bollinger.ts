/**
 * Bollinger Bands, read through %B (0 at the lower band, 1 at the upper).
 * The band period and width are the analyzer's (20 / 2σ by default).
 *
 * - `breakout`: buy when the close breaks out above the upper band (%B
 *   crosses up through 1), sell when it breaks down below the lower band
 *   (%B crosses down through 0) — trend following.
 * - `reversion`: buy when the close comes back inside from below the lower
 *   band (%B crosses up through 0), sell when it comes back inside from
 *   above the upper band (%B crosses down through 1) — fading the excursion
 *   once it turns, not while it still runs.
 *
 * @module
 */
import { z } from "zod";
import { crossedAbove, crossedBelow, fmt, read, unit } from "./cross.ts";
import type { Strategy } from "./types.ts";

/**
 * Parameters of {@linkcode bollinger}.
 *
 * @example
 * ```ts
 * bollingerParameters.parse({ mode: "reversion" }); // { mode: "reversion", warmup: 21 }
 * ```
 */
export const bollingerParameters = z.strictObject({
  mode: z.enum(["breakout", "reversion"], 'expected "breakout" or "reversion"').default(
    "breakout",
  ),
  /** Candles before crosses are trusted: the analyzer's band period + 1 (default 20 + 1). */
  warmup: z.number().int("expected an integer candle count").min(2, "expected at least 2").default(
    21,
  ),
});
/**
 * Validated {@linkcode bollinger} parameters.
 *
 * @example
 * ```ts
 * const p: BollingerParams = { mode: "breakout", warmup: 21 };
 * ```
 */
export type BollingerParams = z.infer<typeof bollingerParameters>;

/**
 * Bollinger breakout or reversion. Strength is how far %B moved on the
 * crossing candle, in band widths, capped at 1: a close that jumps a whole
 * band width through the line scores 1, one that creeps across near 0.
 *
 * @example
 * ```ts
 * const params = bollinger.parameters.parse({ mode: "reversion" });
 * bollinger.uses(params); // ["bb_pct_b", "bb_upper", "bb_lower"]
 * ```
 */
export const bollinger: Strategy<BollingerParams, null> = {
  id: "bollinger",
  description:
    "Trades Bollinger Band crossings: breakouts through a band, or reversion back inside it (mode).",
  parameters: bollingerParameters,
  timeframes: "any",
  warmup: (p) => p.warmup,
  uses: () => ["bb_pct_b", "bb_upper", "bb_lower"],
  initialState: () => null,
  evaluate(view, p, state) {
    const b = read(view.indicators, "bb_pct_b");
    const pb = read(view.previous, "bb_pct_b");
    if (b === null || pb === null) return { signal: null, state };
    // Which band was crossed, and in which direction; text only when it fires.
    let event: ["buy" | "sell", string, "upper" | "lower"] | null = null;
    if (p.mode === "breakout") {
      if (crossedAbove(pb, 1, b, 1)) event = ["buy", "broke out above", "upper"];
      else if (crossedBelow(pb, 0, b, 0)) event = ["sell", "broke down below", "lower"];
    } else if (crossedAbove(pb, 0, b, 0)) event = ["buy", "came back above", "lower"];
    else if (crossedBelow(pb, 1, b, 1)) event = ["sell", "came back below", "upper"];
    if (event === null) return { signal: null, state };
    const [side, verb, band] = event;
    const level = read(view.indicators, `bb_${band}`);
    const reason = `close ${fmt(view.candle.close)} ${verb} the ${band} band ${
      level === null ? "?" : fmt(level)
    }`;
    return { signal: { side, strength: unit(Math.abs(b - pb)), reason }, state };
  },
};
