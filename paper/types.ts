/**
 * Paper-trading (dry-run) records. The engine that produces them lives in
 * this folder; the store persists them as they are.
 *
 * @module
 */
import type { Series } from "../messages/mod.ts";

/** A simulated wallet: one per strategy-run account. */
export interface Wallet {
  /** Account name, e.g. `default`. */
  account: string;
  /** Quote-currency cash not in positions. */
  cash: number;
  /** Cash at the start, for PnL. */
  startingBalance: number;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

/** An order as filled by the simulator (fills are immediate at the next open). */
export interface PaperOrder extends Series {
  id: string;
  account: string;
  strategy: string;
  positionId: string;
  side: "buy" | "sell";
  qty: number;
  /** Fill price, slippage included. */
  price: number;
  fee: number;
  /** Fill time (the open time of the candle it filled on), epoch ms. */
  time: number;
  reason: string;
}

/** An open long position. */
export interface Position extends Series {
  id: string;
  account: string;
  strategy: string;
  qty: number;
  entryPrice: number;
  entryTime: number;
  /** Absolute stop price, if any. */
  stopLoss: number | null;
  takeProfit: number | null;
  /** Trailing stop distance as a fraction (0.02 = 2 %), if any. */
  trailingStop: number | null;
  /** Highest price seen since entry, for the trailing stop. */
  highWater: number;
  entryFee: number;
}

/** A closed position. */
export interface Trade extends Series {
  id: string;
  account: string;
  strategy: string;
  qty: number;
  entryPrice: number;
  exitPrice: number;
  entryTime: number;
  exitTime: number;
  /** Net of fees, quote currency. */
  pnl: number;
  /** `pnl` over the entry cost. */
  pnlPct: number;
  fees: number;
  exitReason: "signal" | "stop_loss" | "take_profit" | "trailing_stop";
}
