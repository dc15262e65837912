/**
 * Paper trading (dry run): a simulated wallet driven by strategy signals
 * and candles, as pure functions over plain-data state. The strategy actor
 * persists what they emit with `store.applyPaperFill` /
 * `store.updatePosition`; backtests can fold them into a `PaperLedger`.
 *
 * Per closed candle the caller runs `onCandle` first (fills of signals from
 * earlier candles, stops), then evaluates its strategies on that candle and
 * feeds their signals to `onSignal` (they fill at the next open).
 *
 * @example
 * ```ts
 * import { fromStored, onCandle, onSignal, parsePaperConfig } from "./mod.ts";
 * const config = parsePaperConfig({ stake: { mode: "fixed", amount: 100 }, stopLoss: 0.02 });
 * let state = fromStored({ wallet: await store.wallet(config.account), positions: await store.positions(config.account) }, config);
 * const out = onCandle(state, candle);
 * for (const fill of out.fills) await store.applyPaperFill(fill);
 * for (const p of out.updates) await store.updatePosition(p);
 * state = out.state;
 * if (signal) state = onSignal(state, signal);
 * ```
 *
 * @module
 */
export type { PaperOrder, Position, Trade, Wallet } from "./types.ts";
export { type PaperConfig, paperConfigSchema, parsePaperConfig } from "./config.ts";
export {
  createPaperState,
  equity,
  fromStored,
  holdingKey,
  type PaperState,
  type PendingOrder,
  positionId,
  type StoredPaper,
  unrealizedPnl,
  valuation,
} from "./state.ts";
export { entryFill, type EntrySkip, exitFill } from "./fills.ts";
export { checkExits, type ExitHit } from "./exits.ts";
export { type CandleOutcome, onCandle, onSignal, type SkippedOrder } from "./engine.ts";
export { applyFill, applyUpdate, emptyLedger, type PaperLedger } from "./ledger.ts";
