/**
 * The storage port: what the rest of the system may ask of persistence.
 * Two adapters implement it (`sqlite/`, `postgres/`); `tests/store_contract.ts`
 * proves they behave the same.
 *
 * Conventions shared by both backends:
 * - Times are epoch milliseconds (`number`) in the API and integer columns
 *   (`INTEGER` / `bigint`) in the database, not `timestamptz`: exchange candle
 *   boundaries are exact ms values, integer keys compare and index cheaply, both
 *   backends store the same thing, and hot read paths skip a `Date` allocation
 *   per value. Read them in psql with `to_timestamp(open_time / 1000.0)`.
 * - Prices, volumes and money are `REAL` / `double precision`: they arrive as
 *   JS numbers (IEEE-754 doubles from the exchange client), so a double stores
 *   exactly what we were given and comes back as a `number`. `numeric` would
 *   come back from postgresjs as a string, cost a parse per value, and promise
 *   a decimal exactness the inputs never had.
 *
 * The listings' queries (`query_types.ts`) and the desk's writes
 * (`trading_types.ts`) are re-exported here, so importers of the port keep
 * one module to import from.
 *
 * @module
 */
import type { Candle, Series, Signal } from "../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../paper/types.ts";
import type { AlertStore } from "./alert_types.ts";
import type {
  CandleQuery,
  OrderQuery,
  SignalQuery,
  StoredSignal,
  TradeQuery,
} from "./query_types.ts";
import type { PaperFill, TradingWrite } from "./trading_types.ts";

export { type QueryHook, STORE_OPERATIONS, type StoreOperation } from "./operations.ts";
export * from "./query_types.ts";
export * from "./trading_types.ts";

/**
 * Outcome of {@linkcode Store.migrate}.
 *
 * @example
 * ```ts
 * const { applied, current }: MigrationResult = await store.migrate();
 * ```
 */
export interface MigrationResult {
  /** Versions applied by this call, ascending; empty when already current. */
  applied: number[];
  /** Highest version now recorded in `schema_migrations`. */
  current: number;
}

/**
 * One schema change. Versions are dense and ascending; never edit a shipped one.
 *
 * @example
 * ```ts
 * const m: Migration = { version: 4, name: "signal notes", sql: "ALTER TABLE signals ADD note text" };
 * ```
 */
export interface Migration {
  version: number;
  name: string;
  /** One or more statements, run in one transaction. */
  sql: string;
}

/**
 * The storage port. Every method but `close` reports to the store's
 * {@linkcode QueryHook}. Times are epoch ms; results are plain objects.
 *
 * @example
 * ```ts
 * const store: Store = await openStore({ dataDir: "./data" });
 * await store.upsertCandles(candles);
 * const warmup = await store.latestCandles(series, 200);
 * if (await store.insertSignal(signal)) await bus.publish(signal);
 * await store.close();
 * ```
 */
export interface Store {
  /** Which backend this is, for logs and health output. */
  readonly backend: "sqlite" | "postgres";
  /**
   * Alerts, their history, silences, the notification log and the outbox, on
   * this store's connection; its calls report to the same `onQuery` hook.
   */
  readonly alerts: AlertStore;
  /** Applies pending migrations; safe to run twice and from two processes at once. */
  migrate(): Promise<MigrationResult>;
  /** Round-trips `SELECT 1`. */
  ping(): Promise<void>;
  /** Releases connections / file handles. The store is unusable afterwards. */
  close(): Promise<void>;
  /**
   * A token that differs whenever committed data may have changed since it
   * was last read, by this store or any other connection or process: a
   * reader may keep what it derived from the data for as long as the token
   * stays the same. It is read synchronously, and a read started right after
   * it sees at least the data the token stands for. Absent when the backend
   * cannot tell cheaply (PostgreSQL): then nothing may be cached.
   *
   * `maxAgeMs` (default 0) lets other connections' commits show up to that
   * many milliseconds late, which spares the check for them on most calls;
   * this store's own writes always show at once.
   *
   * @example
   * ```ts ignore
   * const version = store.dataVersion?.();
   * const rows = await store.signals({ limit: 50 }); // valid while dataVersion() === version
   * ```
   */
  dataVersion?(maxAgeMs?: number): string;

  /** Inserts or overwrites candles by (exchange, symbol, timeframe, openTime) in one transaction. */
  upsertCandles(candles: readonly Candle[]): Promise<void>;
  /** Candles of one series within an optional time range. */
  candles(query: CandleQuery): Promise<Candle[]>;
  /** The newest `n` candles of a series, oldest first (ready for indicators). */
  latestCandles(series: Series, n: number): Promise<Candle[]>;
  /** Open time of the newest stored candle of a series, or `null` when none. */
  lastCandleTime(series: Series): Promise<number | null>;
  /** Retention: deletes candles of every series opened before `ts`; returns rows deleted. */
  deleteCandlesBefore(ts: number): Promise<number>;

  /** Stores a signal once per (strategy, exchange, symbol, timeframe, openTime); false on redelivery. */
  insertSignal(signal: Signal): Promise<boolean>;
  /** Signals newest first; pass the last row as `before` for the next page. */
  signals(query?: SignalQuery): Promise<StoredSignal[]>;

  /** Inserts or replaces a wallet. */
  saveWallet(wallet: Wallet): Promise<void>;
  /** A wallet by account, or `null`. */
  wallet(account: string): Promise<Wallet | null>;
  /** Records an order once by id; false when it was already stored. */
  insertOrder(order: PaperOrder): Promise<boolean>;
  /** Orders newest first. */
  orders(query?: OrderQuery): Promise<PaperOrder[]>;
  /** Inserts an open position; rejects when the id exists. */
  openPosition(position: Position): Promise<void>;
  /** Overwrites an open position by id; rejects when it is not open. */
  updatePosition(position: Position): Promise<void>;
  /** Deletes the open position and inserts the trade atomically; rejects when it is not open. */
  closePosition(positionId: string, trade: Trade): Promise<void>;
  /** Open positions, oldest entry first. */
  positions(account?: string): Promise<Position[]>;
  /** Closed trades, newest exit first. */
  trades(query?: TradeQuery): Promise<Trade[]>;
  /** Applies a whole fill atomically; false (and no change) when the order was already stored. */
  applyPaperFill(fill: PaperFill): Promise<boolean>;
  /**
   * Applies a batch of the desk's writes in order, in one transaction, all or
   * nothing. Returns, for each signal write in order, whether it was new; or
   * `null`, with nothing written, when a fill's order was already stored (the
   * batch repeats work a previous run stored: the caller reloads the account
   * and its progress marks and redoes what they do not cover).
   */
  applyTrading(writes: readonly TradingWrite[]): Promise<boolean[] | null>;
  /** Open time of the newest analysis of `series` whose effects `account` stored, or `null`. */
  tradingProgress(account: string, series: Series): Promise<number | null>;
  /**
   * Signals of `account`'s series stored past their `published` mark (a
   * crash came between storing and publishing them), oldest first per series.
   */
  unpublishedSignals(account: string): Promise<Signal[]>;
}
