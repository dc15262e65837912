/**
 * The trading desk's writes on PostgreSQL: signals, paper orders, positions,
 * trades, the wallet and progress marks, each on the client or transaction
 * it is given, for the store to compose into its transactions.
 *
 * @module
 */
import type postgres from "postgres";
import type { Signal } from "../../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../../paper/types.ts";
import * as columns from "../columns.ts";
import { PositionNotOpenError } from "../errors.ts";
import { MARK_PUBLISHED, UPSERT_PROGRESS } from "../progress_sql.ts";
import type { Row } from "../rows.ts";
import * as sql from "../sql.ts";
import type { PaperFill, TradingWrite } from "../types.ts";
import type { PgClient } from "./connection.ts";

/** The client, or a transaction on it. */
export type Db = PgClient | postgres.TransactionSql<Record<string, unknown>>;

/** Runs one statement of `sql.ts` (with `?` placeholders) on `db`. */
export type Query = (db: Db, text: string, values: unknown[]) => Promise<Row[]>;

const INDICATORS_AT = columns.SIGNAL_COLUMNS.indexOf("indicators");

/** Rolls back a batch of {@linkcode PgPaperWrites.applyTrading} that repeats a stored fill. */
export class StaleFill extends Error {
  override name = "StaleFill";
}

/**
 * Statements of the desk's writes. Pass a transaction where several must
 * land together.
 *
 * @example
 * ```ts ignore
 * const writes = new PgPaperWrites(query);
 * const fresh = await client.begin((tx) => writes.applyTrading(tx, batch));
 * ```
 */
export class PgPaperWrites {
  constructor(readonly q: Query) {}

  /** Stores a signal once per (strategy, series, candle); false when it was there. */
  async insertSignal(db: Db, signal: Signal): Promise<boolean> {
    const values = columns.signalValues(signal);
    // postgresjs JSON-encodes jsonb parameters itself; hand it the object.
    values[INDICATORS_AT] = signal.indicators;
    return (await this.q(db, sql.INSERT_SIGNAL, values)).length > 0;
  }

  async saveWallet(db: Db, wallet: Wallet): Promise<void> {
    await this.q(db, sql.UPSERT_WALLET, columns.walletValues(wallet));
  }

  async insertOrder(db: Db, order: PaperOrder): Promise<boolean> {
    return (await this.q(db, sql.INSERT_ORDER, columns.orderValues(order))).length > 0;
  }

  async openPosition(db: Db, position: Position): Promise<void> {
    await this.q(db, sql.INSERT_POSITION, columns.positionValues(position));
  }

  async updatePosition(db: Db, position: Position): Promise<void> {
    const values = sql.updatePositionValues(columns.positionValues(position));
    if ((await this.q(db, sql.UPDATE_POSITION, values)).length === 0) {
      throw new PositionNotOpenError("updatePosition", position.id);
    }
  }

  async closePosition(db: Db, positionId: string, trade: Trade): Promise<void> {
    if ((await this.q(db, sql.DELETE_POSITION, [positionId])).length === 0) {
      throw new PositionNotOpenError("closePosition", positionId);
    }
    await this.q(db, sql.INSERT_TRADE, columns.tradeValues(trade));
  }

  /** Applies a whole fill; false (and nothing written) when its order was already stored. */
  async applyFill(db: Db, fill: PaperFill, saveWallet = true): Promise<boolean> {
    if (!await this.insertOrder(db, fill.order)) return false;
    if (fill.open) await this.openPosition(db, fill.open);
    if (fill.update) await this.updatePosition(db, fill.update);
    if (fill.close) await this.closePosition(db, fill.close.positionId, fill.close.trade);
    if (saveWallet) await this.saveWallet(db, fill.wallet);
    return true;
  }

  /**
   * Applies a batch in order; resolves, per signal, whether it was new.
   * Rejects with {@linkcode StaleFill} at a fill whose order was already
   * stored, for the caller's transaction to roll the batch back.
   */
  async applyTrading(db: Db, writes: readonly TradingWrite[]): Promise<boolean[]> {
    const fresh: boolean[] = [];
    const wallets = new Map<string, Wallet>();
    for (const w of writes) {
      if ("signal" in w) fresh.push(await this.insertSignal(db, w.signal));
      else if ("fill" in w) {
        if (!await this.applyFill(db, w.fill, false)) throw new StaleFill();
        wallets.set(w.fill.wallet.account, w.fill.wallet);
      } else if ("position" in w) await this.updatePosition(db, w.position);
      else if ("published" in w) {
        await this.q(db, MARK_PUBLISHED, columns.publishedValues(w.published));
      } else await this.q(db, UPSERT_PROGRESS, columns.progressValues(w.progress));
    }
    // A wallet is one row: the transaction only keeps its last state.
    for (const wallet of wallets.values()) await this.saveWallet(db, wallet);
    return fresh;
  }
}
