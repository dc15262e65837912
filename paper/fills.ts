/**
 * Fill arithmetic: sizing, slippage, fees and PnL of one entry or exit.
 *
 * Money rules (quote currency throughout):
 * - Buy fill price = base × (1 + slippage); sell fill price = base × (1 − slippage).
 * - Entry: stake is the notional; qty = stake / fill price; fee = stake ×
 *   feeRate; cash −= stake + fee.
 * - Exit: proceeds = qty × fill price; fee = proceeds × feeRate; cash +=
 *   proceeds − fee.
 * - Trade PnL = proceeds − exit fee − (qty × entry price + entry fee);
 *   pnlPct = PnL over that entry cost.
 *
 * @module
 */
import type { Candle } from "../messages/payloads.ts";
import type { PaperFill } from "../store/types.ts";
import type { PaperConfig } from "./config.ts";
import { type PendingOrder, positionId } from "./state.ts";
import type { Position, Trade, Wallet } from "./types.ts";

/**
 * Why an entry was not filled.
 *
 * @example
 * ```ts
 * const out = entryFill(config, wallet, order, candle, equity);
 * if ("skip" in out) out.skip; // "insufficient_cash"
 * ```
 */
export type EntrySkip = "insufficient_cash";

/**
 * Opens a long for `order` at `candle`'s open, sized from `equityAtOpen`.
 * Fixed stakes need the full stake plus fee in cash; a fraction of equity is
 * capped at the cash left (after which cash is exactly 0).
 *
 * @example
 * ```ts
 * const out = entryFill(config, wallet, order, candle, 10_000);
 * if ("fill" in out) await store.applyPaperFill(out.fill);
 * ```
 */
export function entryFill(
  config: PaperConfig,
  wallet: Wallet,
  order: PendingOrder,
  candle: Candle,
  equityAtOpen: number,
): { fill: PaperFill; position: Position } | { skip: EntrySkip } {
  const price = candle.open * (1 + config.slippage);
  let stake: number;
  let capped = false;
  if (config.stake.mode === "fixed") {
    stake = config.stake.amount;
    if (stake + stake * config.feeRate > wallet.cash) return { skip: "insufficient_cash" };
  } else {
    stake = config.stake.fraction * equityAtOpen;
    const cap = wallet.cash / (1 + config.feeRate);
    if (stake >= cap) [stake, capped] = [cap, true];
  }
  const qty = stake / price;
  if (!(qty > 0) || !Number.isFinite(qty)) return { skip: "insufficient_cash" };
  const fee = stake * config.feeRate;
  const time = candle.openTime;
  const id = positionId(config.account, order.strategy, order, time);
  const position: Position = {
    id,
    account: config.account,
    strategy: order.strategy,
    exchange: order.exchange,
    symbol: order.symbol,
    timeframe: order.timeframe,
    qty,
    entryPrice: price,
    entryTime: time,
    stopLoss: config.stopLoss === null ? null : price * (1 - config.stopLoss),
    takeProfit: config.takeProfit === null ? null : price * (1 + config.takeProfit),
    trailingStop: config.trailingStop,
    // The market price seen, not the slipped fill: the trail follows the market.
    highWater: candle.open,
    entryFee: fee,
  };
  const next: Wallet = {
    ...wallet,
    // Capped: everything was spent; skip the subtraction's rounding residue.
    cash: capped ? 0 : wallet.cash - stake - fee,
    updatedAt: time,
  };
  return {
    fill: {
      order: {
        id: `${id}:buy`,
        account: config.account,
        strategy: order.strategy,
        positionId: id,
        exchange: order.exchange,
        symbol: order.symbol,
        timeframe: order.timeframe,
        side: "buy",
        qty,
        price,
        fee,
        time,
        reason: order.reason,
      },
      wallet: next,
      open: position,
    },
    position,
  };
}

/**
 * Closes `position` at `basePrice` (before slippage) at `time`.
 *
 * @example
 * ```ts
 * const { fill } = exitFill(config, wallet, position, candle.openTime, candle.open, "signal", "RSI crossed down");
 * fill.close!.trade.pnl;
 * ```
 */
export function exitFill(
  config: PaperConfig,
  wallet: Wallet,
  position: Position,
  time: number,
  basePrice: number,
  exitReason: Trade["exitReason"],
  reason: string,
): { fill: PaperFill; trade: Trade } {
  const price = basePrice * (1 - config.slippage);
  const proceeds = position.qty * price;
  const fee = proceeds * config.feeRate;
  const cost = position.qty * position.entryPrice + position.entryFee;
  const pnl = proceeds - fee - cost;
  const trade: Trade = {
    id: position.id,
    account: position.account,
    strategy: position.strategy,
    exchange: position.exchange,
    symbol: position.symbol,
    timeframe: position.timeframe,
    qty: position.qty,
    entryPrice: position.entryPrice,
    exitPrice: price,
    entryTime: position.entryTime,
    exitTime: time,
    pnl,
    pnlPct: pnl / cost,
    fees: position.entryFee + fee,
    exitReason,
  };
  return {
    fill: {
      order: {
        id: `${position.id}:sell`,
        account: position.account,
        strategy: position.strategy,
        positionId: position.id,
        exchange: position.exchange,
        symbol: position.symbol,
        timeframe: position.timeframe,
        side: "sell",
        qty: position.qty,
        price,
        fee,
        time,
        reason,
      },
      wallet: { ...wallet, cash: wallet.cash + proceeds - fee, updatedAt: time },
      close: { positionId: position.id, trade },
    },
    trade,
  };
}
