/**
 * The trading desk's writes on the embedded store: signals, paper orders,
 * positions, trades, the wallet and progress marks. Synchronous statements
 * for the store to compose into its transactions.
 *
 * @module
 */
import type { SQLInputValue, StatementSync } from "node:sqlite";
import type { Signal } from "../../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../../paper/types.ts";
import * as columns from "../columns.ts";
import { PositionNotOpenError } from "../errors.ts";
import { MARK_PUBLISHED, UPSERT_PROGRESS } from "../progress_sql.ts";
import * as sql from "../sql.ts";
import type { PaperFill, TradingWrite } from "../types.ts";

type Values = SQLInputValue[];

/** Rolls back a batch of {@linkcode PaperWrites.applyTrading} that repeats a stored fill. */
export class StaleFill extends Error {
  override name = "StaleFill";
}

/**
 * Statements of the desk's writes over a store's prepared-statement cache.
 * Call them inside a transaction where several must land together.
 *
 * @example
 * ```ts ignore
 * const writes = new PaperWrites((text) => db.prepare(text));
 * const fresh = immediateTransaction(db, () => writes.applyTrading(batch));
 * ```
 */
export class PaperWrites {
  constructor(readonly stmt: (text: string) => StatementSync) {}

  /** Stores a signal once per (strategy, series, candle); false when it was there. */
  insertSignal(signal: Signal): boolean {
    return this.stmt(sql.INSERT_SIGNAL).get(...columns.signalValues(signal) as Values) !==
      undefined;
  }

  saveWallet(wallet: Wallet): void {
    this.stmt(sql.UPSERT_WALLET).run(...columns.walletValues(wallet) as Values);
  }

  insertOrder(order: PaperOrder): boolean {
    return this.stmt(sql.INSERT_ORDER).get(...columns.orderValues(order) as Values) !== undefined;
  }

  openPosition(position: Position): void {
    this.stmt(sql.INSERT_POSITION).run(...columns.positionValues(position) as Values);
  }

  updatePosition(position: Position): void {
    const values = sql.updatePositionValues(columns.positionValues(position)) as Values;
    if (this.stmt(sql.UPDATE_POSITION).get(...values) === undefined) {
      throw new PositionNotOpenError("updatePosition", position.id);
    }
  }

  closePosition(positionId: string, trade: Trade): void {
    if (this.stmt(sql.DELETE_POSITION).get(positionId) === undefined) {
      throw new PositionNotOpenError("closePosition", positionId);
    }
    this.stmt(sql.INSERT_TRADE).run(...columns.tradeValues(trade) as Values);
  }

  /**
   * Applies a whole fill; false (and nothing written) when its order was
   * already stored. `saveWallet: false` leaves the wallet to the caller.
   */
  applyFill(fill: PaperFill, saveWallet = true): boolean {
    if (!this.insertOrder(fill.order)) return false;
    if (fill.open) this.openPosition(fill.open);
    if (fill.update) this.updatePosition(fill.update);
    if (fill.close) this.closePosition(fill.close.positionId, fill.close.trade);
    if (saveWallet) this.saveWallet(fill.wallet);
    return true;
  }

  /**
   * Applies a batch in order; returns, per signal, whether it was new. Throws
   * {@linkcode StaleFill} at a fill whose order was already stored, for the
   * caller's transaction to roll the batch back.
   */
  applyTrading(writes: readonly TradingWrite[]): boolean[] {
    const fresh: boolean[] = [];
    const wallets = new Map<string, Wallet>();
    for (const w of writes) {
      if ("signal" in w) fresh.push(this.insertSignal(w.signal));
      else if ("fill" in w) {
        if (!this.applyFill(w.fill, false)) throw new StaleFill();
        wallets.set(w.fill.wallet.account, w.fill.wallet);
      } else if ("position" in w) this.updatePosition(w.position);
      else if ("published" in w) {
        this.stmt(MARK_PUBLISHED).run(...columns.publishedValues(w.published));
      } else this.stmt(UPSERT_PROGRESS).run(...columns.progressValues(w.progress));
    }
    // A wallet is one row: the transaction only keeps its last state, so it
    // is written once, not after every fill (a fifth of a replay's statements).
    for (const wallet of wallets.values()) this.saveWallet(wallet);
    return fresh;
  }
}
