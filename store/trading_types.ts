/**
 * What the trading desk writes: a paper fill with everything it changes, and
 * the batch of writes {@linkcode Store.applyTrading} applies in one
 * transaction, progress marks included.
 *
 * @module
 */
import type { Series, Signal } from "../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../paper/types.ts";

/**
 * Closing a position: the open row goes, the trade row arrives.
 *
 * @example
 * ```ts
 * const close: PositionClose = { positionId: position.id, trade };
 * ```
 */
export interface PositionClose {
  positionId: string;
  trade: Trade;
}

/**
 * Everything one simulated fill changes, applied in one transaction so a
 * crash never leaves cash and positions disagreeing. The order id is the
 * idempotency key: a fill whose order is already stored changes nothing.
 *
 * @example
 * ```ts
 * const applied = await store.applyPaperFill({
 *   order,
 *   wallet: { ...wallet, cash: wallet.cash - order.qty * order.price - order.fee },
 *   open: position,
 * });
 * if (!applied) logger.debug("fill {id} was already recorded", { id: order.id });
 * ```
 */
export interface PaperFill {
  order: PaperOrder;
  /** The wallet after the fill. */
  wallet: Wallet;
  /** A position this fill opens. */
  open?: Position;
  /** A position this fill changes (e.g. a partial exit or a raised stop). */
  update?: Position;
  /** A position this fill closes. */
  close?: PositionClose;
}

/**
 * One write of the trading desk; a batch of them is applied in order by
 * {@linkcode Store.applyTrading}.
 *
 * @example
 * ```ts
 * const writes: TradingWrite[] = [{ fill }, { position }, { signal }];
 * ```
 */
export type TradingWrite =
  | { signal: Signal }
  | { fill: PaperFill }
  /** An open position changed (a trailing stop moved). */
  | { position: Position }
  /** The account has stored the effects of the series' analyses up to `openTime`. */
  | { progress: ProgressMark }
  /** The signals of the series' analyses up to `openTime` are on the bus. */
  | { published: ProgressMark };

/**
 * How far a paper account has applied a series' analyses.
 *
 * @example
 * ```ts
 * const mark: ProgressMark = { account: "default", series, openTime: candle.openTime };
 * ```
 */
export interface ProgressMark {
  account: string;
  series: Series;
  openTime: number;
}
