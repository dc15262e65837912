/**
 * The PostgreSQL store's reads: candles, signals, the paper account and
 * progress marks, mapped from rows to plain objects, for the store to time,
 * as `paper_writes.ts` is for its writes.
 *
 * @module
 */
import type { Candle, Series, Signal } from "../../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../../paper/types.ts";
import { SELECT_PROGRESS, UNPUBLISHED_SIGNALS } from "../progress_sql.ts";
import * as rows from "../rows.ts";
import * as sql from "../sql.ts";
import type { CandleQuery, OrderQuery, SignalQuery, StoredSignal, TradeQuery } from "../types.ts";

/** Runs one statement of `sql.ts` (with `?` placeholders) on the pool. */
export type PoolQuery = (text: string, values?: unknown[]) => Promise<rows.Row[]>;

/**
 * Statements of the store's reads, each on the pool: no read needs a
 * transaction.
 *
 * @example
 * ```ts ignore
 * const reads = new PgReads((text, values) => query(client, text, values));
 * const warmup = await reads.latestCandles(series, 200);
 * ```
 */
export class PgReads {
  constructor(readonly q: PoolQuery) {}

  async #all(statement: sql.Statement): Promise<rows.Row[]> {
    return await this.q(statement.text, statement.values);
  }

  async candles(query: CandleQuery): Promise<Candle[]> {
    return (await this.#all(sql.candlesStatement(query))).map(rows.candleFromRow);
  }

  async latestCandles(series: Series, n: number): Promise<Candle[]> {
    const statement = sql.candlesStatement({ ...series, order: "desc", limit: n });
    return (await this.#all(statement)).map(rows.candleFromRow).reverse();
  }

  async lastCandleTime(series: Series): Promise<number | null> {
    const [row] = await this.q(sql.LAST_CANDLE_TIME, [
      series.exchange,
      series.symbol,
      series.timeframe,
    ]);
    return typeof row?.t === "number" ? row.t : null;
  }

  async signals(query: SignalQuery): Promise<StoredSignal[]> {
    return (await this.#all(sql.signalsStatement(query))).map(rows.signalFromRow);
  }

  async unpublishedSignals(account: string): Promise<Signal[]> {
    return (await this.q(UNPUBLISHED_SIGNALS, [account]))
      .map((row) => rows.signalOf(rows.signalFromRow(row)));
  }

  async wallet(account: string): Promise<Wallet | null> {
    const [row] = await this.q(sql.SELECT_WALLET, [account]);
    return row ? rows.walletFromRow(row) : null;
  }

  async orders(query: OrderQuery): Promise<PaperOrder[]> {
    return (await this.#all(sql.ordersStatement(query))).map(rows.orderFromRow);
  }

  async positions(account?: string): Promise<Position[]> {
    return (await this.#all(sql.positionsStatement(account))).map(rows.positionFromRow);
  }

  async trades(query: TradeQuery): Promise<Trade[]> {
    return (await this.#all(sql.tradesStatement(query))).map(rows.tradeFromRow);
  }

  async tradingProgress(account: string, series: Series): Promise<number | null> {
    const [row] = await this.q(SELECT_PROGRESS, [
      account,
      series.exchange,
      series.symbol,
      series.timeframe,
    ]);
    return typeof row?.t === "number" ? row.t : null;
  }
}
