/**
 * Protective exits of an open long on one candle: stop-loss, trailing stop,
 * take-profit.
 *
 * @module
 */
import type { Candle } from "../messages/payloads.ts";
import type { Position, Trade } from "./types.ts";

/**
 * A triggered exit: why, and the market price it executes at before slippage.
 *
 * @example
 * ```ts
 * const hit: ExitHit = { exitReason: "stop_loss", price: 95, level: 95 };
 * ```
 */
export interface ExitHit {
  exitReason: Exclude<Trade["exitReason"], "signal">;
  /** Execution price before slippage: the level, or the open when the candle gapped through it. */
  price: number;
  /** The level that triggered. */
  level: number;
}

/**
 * Checks one candle against a position's exits, using the high-water mark
 * from BEFORE this candle (the candle's own high may come after its low).
 *
 * - The effective stop is the higher of the stop-loss and the trailing stop
 *   (high-water × (1 − trail)); it triggers when low ≤ stop. On a tie the
 *   reason is `stop_loss`.
 * - Take-profit triggers when high ≥ take-profit.
 * - Both in one candle: the stop wins. Candle data cannot tell which came
 *   first, and assuming the loss is the conservative choice.
 * - A candle that opens beyond a level (a gap) executes at the open, not at
 *   the level the market never traded.
 *
 * @example
 * ```ts
 * const hit = checkExits(position, candle);
 * if (hit) exitFill(config, wallet, position, candle.openTime, hit.price, hit.exitReason, "…");
 * ```
 */
export function checkExits(position: Position, candle: Candle): ExitHit | null {
  let stop: number | null = position.stopLoss;
  let stopReason: ExitHit["exitReason"] = "stop_loss";
  if (position.trailingStop !== null) {
    const trail = position.highWater * (1 - position.trailingStop);
    if (stop === null || trail > stop) [stop, stopReason] = [trail, "trailing_stop"];
  }
  if (stop !== null && candle.low <= stop) {
    return { exitReason: stopReason, price: Math.min(candle.open, stop), level: stop };
  }
  const tp = position.takeProfit;
  if (tp !== null && candle.high >= tp) {
    return { exitReason: "take_profit", price: Math.max(candle.open, tp), level: tp };
  }
  return null;
}
