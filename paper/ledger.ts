/**
 * An in-memory record of an account with the store's write semantics
 * (`applyPaperFill`, `updatePosition`), for backtests that keep results in
 * memory and for checking that what the engine emits is what the store
 * would hold.
 *
 * @module
 */
import type { PaperFill } from "../store/types.ts";
import { sortPositions } from "./state.ts";
import type { PaperOrder, Position, Trade, Wallet } from "./types.ts";

/**
 * Account contents, as the store would hold them.
 *
 * @example
 * ```ts
 * let ledger: PaperLedger = emptyLedger();
 * ```
 */
export interface PaperLedger {
  wallet: Wallet | null;
  /** Open positions, by entry time then id (as `store.positions`). */
  positions: Position[];
  /** Closed trades, in the order they closed. */
  trades: Trade[];
  /** Orders, in the order they filled. */
  orders: PaperOrder[];
}

/**
 * A ledger with nothing in it.
 *
 * @example
 * ```ts
 * emptyLedger().positions; // []
 * ```
 */
export function emptyLedger(): PaperLedger {
  return { wallet: null, positions: [], trades: [], orders: [] };
}

/**
 * Applies a fill like `store.applyPaperFill`: all or nothing, and a fill
 * whose order id is already recorded changes nothing (`applied: false`).
 *
 * @throws {RangeError} when it opens an id that is open, or updates or
 *   closes one that is not (the store rejects those too).
 *
 * @example
 * ```ts
 * for (const fill of out.fills) ({ ledger } = applyFill(ledger, fill));
 * ```
 */
export function applyFill(
  ledger: PaperLedger,
  fill: PaperFill,
): { ledger: PaperLedger; applied: boolean } {
  if (ledger.orders.some((o) => o.id === fill.order.id)) return { ledger, applied: false };
  let positions = [...ledger.positions];
  const trades = [...ledger.trades];
  if (fill.open) {
    if (positions.some((p) => p.id === fill.open!.id)) {
      throw new RangeError(`position ${fill.open.id} is already open`);
    }
    positions.push({ ...fill.open });
  }
  if (fill.update) positions = replace(positions, fill.update);
  if (fill.close) {
    const { positionId, trade } = fill.close;
    if (!positions.some((p) => p.id === positionId)) {
      throw new RangeError(`no open position with id ${JSON.stringify(positionId)} to close`);
    }
    positions = positions.filter((p) => p.id !== positionId);
    trades.push({ ...trade });
  }
  return {
    ledger: {
      wallet: { ...fill.wallet },
      positions: sortPositions(positions),
      trades,
      orders: [...ledger.orders, { ...fill.order }],
    },
    applied: true,
  };
}

/**
 * Overwrites an open position like `store.updatePosition`.
 *
 * @throws {RangeError} when the position is not open.
 *
 * @example
 * ```ts
 * for (const p of out.updates) ledger = applyUpdate(ledger, p);
 * ```
 */
export function applyUpdate(ledger: PaperLedger, position: Position): PaperLedger {
  return { ...ledger, positions: replace(ledger.positions, position) };
}

function replace(positions: readonly Position[], position: Position): Position[] {
  const i = positions.findIndex((p) => p.id === position.id);
  if (i < 0) throw new RangeError(`no open position with id ${JSON.stringify(position.id)}`);
  const next = [...positions];
  next[i] = { ...position };
  return next;
}
