/**
 * The PostgreSQL store on postgresjs: a pooled client, prepared statements,
 * candle batches upserted through `unnest` arrays.
 *
 * @module
 */
import type postgres from "postgres";
import { getLogger, type Logger } from "@logtape/logtape";
import type { Candle, Series, Signal } from "../../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../../paper/types.ts";
import {
  StoreBusyError,
  StoreConnectionError,
  StoreFullError,
  StoreTimeoutError,
} from "../errors.ts";
import type { Row } from "../rows.ts";
import * as sql from "../sql.ts";
import { DEFAULT_STATEMENT_TIMEOUT_MS } from "../timeouts.ts";
import { createTimed, type Timed } from "../timing.ts";
import type {
  CandleQuery,
  MigrationResult,
  OrderQuery,
  PaperFill,
  QueryHook,
  SignalQuery,
  Store,
  StoredSignal,
  StoreOperation,
  TradeQuery,
  TradingWrite,
} from "../types.ts";
import { PostgresAlertStore } from "./alerts.ts";
import { writeCandles } from "./candle_upsert.ts";
import {
  createPgClient,
  isConnectionError,
  isDiskFull,
  isLockTimeout,
  isStatementCancelled,
  type PgClient,
  type PgConnectOptions,
  redactDatabaseUrl,
} from "./connection.ts";
import { migratePostgres } from "./migrate.ts";
import { type Db, PgPaperWrites, type Query, StaleFill } from "./paper_writes.ts";
import { PgReads } from "./reads.ts";

/**
 * Options of {@linkcode openPostgresStore}.
 *
 * @example
 * ```ts
 * const options: PostgresStoreOptions = { databaseUrl: "postgres://ct@db/ct", poolSize: 5 };
 * ```
 */
export interface PostgresStoreOptions extends PgConnectOptions {
  /** Receives every operation's duration. */
  onQuery?: QueryHook;
  /** Default `getLogger(["ct", "store"])`. */
  logger?: Logger;
}

/**
 * {@linkcode Store} on PostgreSQL. Create with {@linkcode openPostgresStore}.
 *
 * @example
 * ```ts
 * const store: PostgresStore = await openPostgresStore({ databaseUrl });
 * logger.info("store at {target}", { target: store.target }); // password redacted
 * ```
 */
export class PostgresStore implements Store {
  readonly backend = "postgres" as const;
  readonly alerts: PostgresAlertStore;
  /** The database URL with the password redacted, for logs. */
  readonly target: string;
  readonly #sql: PgClient;
  readonly #timed: Timed;
  readonly #logger: Logger;
  readonly #texts = new Map<string, string>();
  readonly #query: Query = (db, text, values) => this.#q(db, text, values);
  readonly #reads = new PgReads((text, values) => this.#q(this.#sql, text, values));
  readonly #paper = new PgPaperWrites(this.#query);
  readonly #statementTimeoutMs: number;

  constructor(
    client: PgClient,
    target: string,
    timed: Timed,
    logger: Logger,
    statementTimeoutMs: number = DEFAULT_STATEMENT_TIMEOUT_MS,
  ) {
    this.#sql = client;
    this.target = target;
    this.#timed = timed;
    this.#logger = logger;
    this.#statementTimeoutMs = statementTimeoutMs;
    this.alerts = new PostgresAlertStore(client, (operation, fn) => this.#op(operation, fn));
  }

  /**
   * Times `fn` and turns the failures that pass into retryable errors:
   * connection failures into {@linkcode StoreConnectionError}, lock
   * timeouts into {@linkcode StoreBusyError}, cancelled statements into
   * {@linkcode StoreTimeoutError}, a full disk into {@linkcode StoreFullError}.
   */
  #op<T>(operation: StoreOperation, fn: () => Promise<T>): Promise<T> {
    return this.#timed(operation, async () => {
      try {
        return await fn();
      } catch (e) {
        throw this.#classify(operation, e);
      }
    });
  }

  #classify(operation: StoreOperation, e: unknown): unknown {
    if (isConnectionError(e)) return new StoreConnectionError(this.target, e);
    if (isLockTimeout(e)) return new StoreBusyError(this.target, e);
    if (isDiskFull(e)) return new StoreFullError(this.target, e);
    if (isStatementCancelled(e)) {
      return new StoreTimeoutError(this.target, operation, this.#statementTimeoutMs, e);
    }
    return e;
  }

  async #q(db: Db, text: string, values: unknown[] = []): Promise<Row[]> {
    let numbered = this.#texts.get(text);
    if (numbered === undefined) {
      numbered = sql.dollarPlaceholders(text);
      this.#texts.set(text, numbered);
    }
    return await db.unsafe(numbered, values as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    }) as unknown as Row[];
  }

  #begin<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.#sql.begin((tx) => fn(tx)) as Promise<T>;
  }

  migrate(): Promise<MigrationResult> {
    return this.#op("migrate", () => migratePostgres(this.#sql, this.#logger));
  }

  ping(): Promise<void> {
    return this.#op("ping", async () => {
      await this.#q(this.#sql, "SELECT 1");
    });
  }

  async close(): Promise<void> {
    await this.#sql.end({ timeout: 5 });
  }

  upsertCandles(candles: readonly Candle[]): Promise<void> {
    return this.#op("candles.upsert", () => writeCandles(this.#query, this.#sql, candles));
  }

  candles(query: CandleQuery): Promise<Candle[]> {
    return this.#op("candles.range", () => this.#reads.candles(query));
  }

  latestCandles(series: Series, n: number): Promise<Candle[]> {
    return this.#op("candles.latest", () => this.#reads.latestCandles(series, n));
  }

  lastCandleTime(series: Series): Promise<number | null> {
    return this.#op("candles.last_time", () => this.#reads.lastCandleTime(series));
  }

  /**
   * Runs without the statement timeout (the lock timeout stays): the first
   * retention run over a long history deletes millions of rows, and
   * nothing else waits on the rows it deletes.
   */
  deleteCandlesBefore(ts: number): Promise<number> {
    return this.#op("candles.delete_before", () =>
      this.#begin(async (tx) => {
        await this.#q(tx, "SELECT set_config('statement_timeout', '0', true)");
        const result = await this.#q(tx, sql.DELETE_CANDLES_BEFORE, [ts]);
        return (result as unknown as postgres.ResultMeta<number>).count;
      }));
  }

  insertSignal(signal: Signal): Promise<boolean> {
    return this.#op("signals.insert", () => this.#paper.insertSignal(this.#sql, signal));
  }

  signals(query: SignalQuery = {}): Promise<StoredSignal[]> {
    return this.#op("signals.list", () => this.#reads.signals(query));
  }

  unpublishedSignals(account: string): Promise<Signal[]> {
    return this.#op("signals.unpublished", () => this.#reads.unpublishedSignals(account));
  }

  saveWallet(wallet: Wallet): Promise<void> {
    return this.#op("wallet.save", () => this.#paper.saveWallet(this.#sql, wallet));
  }

  wallet(account: string): Promise<Wallet | null> {
    return this.#op("wallet.get", () => this.#reads.wallet(account));
  }

  insertOrder(order: PaperOrder): Promise<boolean> {
    return this.#op("orders.insert", () => this.#paper.insertOrder(this.#sql, order));
  }

  orders(query: OrderQuery = {}): Promise<PaperOrder[]> {
    return this.#op("orders.list", () => this.#reads.orders(query));
  }

  openPosition(position: Position): Promise<void> {
    return this.#op("positions.open", () => this.#paper.openPosition(this.#sql, position));
  }

  updatePosition(position: Position): Promise<void> {
    return this.#op("positions.update", () => this.#paper.updatePosition(this.#sql, position));
  }

  closePosition(positionId: string, trade: Trade): Promise<void> {
    return this.#op(
      "positions.close",
      () => this.#begin((tx) => this.#paper.closePosition(tx, positionId, trade)),
    );
  }

  positions(account?: string): Promise<Position[]> {
    return this.#op("positions.list", () => this.#reads.positions(account));
  }

  trades(query: TradeQuery = {}): Promise<Trade[]> {
    return this.#op("trades.list", () => this.#reads.trades(query));
  }

  applyTrading(writes: readonly TradingWrite[]): Promise<boolean[] | null> {
    return this.#op("trading.apply", async () => {
      try {
        return await this.#begin((tx) => this.#paper.applyTrading(tx, writes));
      } catch (e) {
        if (e instanceof StaleFill) return null;
        throw e;
      }
    });
  }

  tradingProgress(account: string, series: Series): Promise<number | null> {
    return this.#op("trading.progress", () => this.#reads.tradingProgress(account, series));
  }

  applyPaperFill(fill: PaperFill): Promise<boolean> {
    return this.#op("paper.apply_fill", () => this.#begin((tx) => this.#paper.applyFill(tx, fill)));
  }
}

/**
 * Connects to PostgreSQL and checks the connection with a ping, so a wrong
 * URL fails here, naming host, port and database (password redacted). Does
 * not migrate; call {@linkcode PostgresStore.migrate} or use `openStore`.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore({ databaseUrl: "postgres://postgres@127.0.0.1/ct" });
 * await store.migrate();
 * await store.close();
 * ```
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const logger = options.logger ?? getLogger(["ct", "store"]);
  const target = redactDatabaseUrl(options.databaseUrl);
  let client: PgClient;
  try {
    client = createPgClient(options, logger);
  } catch (e) {
    // postgresjs rejects malformed URLs synchronously; its message may echo the URL.
    throw new StoreConnectionError(
      target,
      `invalid database URL (${e instanceof Error ? e.name : typeof e})`,
    );
  }
  const store = new PostgresStore(
    client,
    target,
    createTimed(options.onQuery, logger),
    logger,
    options.statementTimeoutMs,
  );
  try {
    await store.ping();
  } catch (e) {
    await client.end({ timeout: 0 });
    throw e;
  }
  return store;
}
