/**
 * The embedded store's reads: candles, signals, the paper account and
 * progress marks, mapped from rows to plain objects. Synchronous statements
 * for the store to time, as `paper_writes.ts` is for its writes.
 *
 * @module
 */
import type { SQLInputValue, StatementSync } from "node:sqlite";
import type { Candle, Series, Signal } from "../../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../../paper/types.ts";
import { SELECT_PROGRESS, UNPUBLISHED_SIGNALS } from "../progress_sql.ts";
import * as rows from "../rows.ts";
import * as sql from "../sql.ts";
import type { CandleQuery, OrderQuery, SignalQuery, StoredSignal, TradeQuery } from "../types.ts";

type Values = SQLInputValue[];

/**
 * Statements of the store's reads over its prepared-statement cache.
 *
 * @example
 * ```ts ignore
 * const reads = new SqliteReads((text) => db.prepare(text));
 * const warmup = reads.latestCandles(series, 200);
 * ```
 */
export class SqliteReads {
  constructor(readonly stmt: (text: string) => StatementSync) {}

  #all(statement: sql.Statement): rows.Row[] {
    return this.stmt(statement.text).all(...statement.values as Values) as rows.Row[];
  }

  candles(query: CandleQuery): Candle[] {
    return this.#all(sql.candlesStatement(query)).map(rows.candleFromRow);
  }

  latestCandles(series: Series, n: number): Candle[] {
    return this.#all(sql.candlesStatement({ ...series, order: "desc", limit: n }))
      .map(rows.candleFromRow).reverse();
  }

  lastCandleTime(series: Series): number | null {
    const row = this.stmt(sql.LAST_CANDLE_TIME).get(
      series.exchange,
      series.symbol,
      series.timeframe,
    );
    return typeof row?.t === "number" ? row.t : null;
  }

  signals(query: SignalQuery): StoredSignal[] {
    return this.#all(sql.signalsStatement(query)).map(rows.signalFromRow);
  }

  unpublishedSignals(account: string): Signal[] {
    return this.#all({ text: UNPUBLISHED_SIGNALS, values: [account] })
      .map((row) => rows.signalOf(rows.signalFromRow(row)));
  }

  wallet(account: string): Wallet | null {
    const row = this.stmt(sql.SELECT_WALLET).get(account);
    return row ? rows.walletFromRow(row) : null;
  }

  orders(query: OrderQuery): PaperOrder[] {
    return this.#all(sql.ordersStatement(query)).map(rows.orderFromRow);
  }

  positions(account?: string): Position[] {
    return this.#all(sql.positionsStatement(account)).map(rows.positionFromRow);
  }

  trades(query: TradeQuery): Trade[] {
    return this.#all(sql.tradesStatement(query)).map(rows.tradeFromRow);
  }

  tradingProgress(account: string, series: Series): number | null {
    const row = this.stmt(SELECT_PROGRESS).get(
      account,
      series.exchange,
      series.symbol,
      series.timeframe,
    );
    return typeof row?.t === "number" ? row.t : null;
  }
}
