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
import { StoreConnectionError } from "../errors.ts";
import * as rows from "../rows.ts";
import * as sql from "../sql.ts";
import { SELECT_PROGRESS, UNPUBLISHED_SIGNALS } from "../progress_sql.ts";
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
import { candleArrays, dedupeCandles } from "./candle_batch.ts";
import {
  createPgClient,
  isConnectionError,
  type PgClient,
  type PgConnectOptions,
  redactDatabaseUrl,
} from "./connection.ts";
import { migratePostgres } from "./migrate.ts";
import { type Db, PgPaperWrites, StaleFill } from "./paper_writes.ts";

/**
 * Rows per statement. unnest sends every column as one parameter, so a
 * statement's size grows with it; larger inputs are split inside one
 * transaction.
 */
const CHUNK = 20_000;
const UPSERT_CANDLES = `INSERT INTO candles (${sql.CANDLE_LIST})
  SELECT * FROM unnest(?::text::text[], ?::text::text[], ?::text::text[], ?::text::bigint[],
    ?::text::float8[], ?::text::float8[], ?::text::float8[], ?::text::float8[], ?::text::float8[])
  ${sql.CANDLE_CONFLICT}`;

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
  readonly #paper = new PgPaperWrites((db, text, values) => this.#q(db, text, values));

  constructor(client: PgClient, target: string, timed: Timed, logger: Logger) {
    this.#sql = client;
    this.target = target;
    this.#timed = timed;
    this.#logger = logger;
    this.alerts = new PostgresAlertStore(client, (operation, fn) => this.#op(operation, fn));
  }

  /** Times `fn` and turns connection failures into {@linkcode StoreConnectionError}. */
  #op<T>(operation: StoreOperation, fn: () => Promise<T>): Promise<T> {
    return this.#timed(operation, async () => {
      try {
        return await fn();
      } catch (e) {
        throw isConnectionError(e) ? new StoreConnectionError(this.target, e) : e;
      }
    });
  }

  async #q(db: Db, text: string, values: unknown[] = []): Promise<rows.Row[]> {
    let numbered = this.#texts.get(text);
    if (numbered === undefined) {
      numbered = sql.dollarPlaceholders(text);
      this.#texts.set(text, numbered);
    }
    return await db.unsafe(numbered, values as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    }) as unknown as rows.Row[];
  }

  async #all(statement: sql.Statement): Promise<rows.Row[]> {
    return await this.#q(this.#sql, statement.text, statement.values);
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
    return this.#op("candles.upsert", async () => {
      const batch = dedupeCandles(candles);
      if (batch.length === 0) return;
      if (batch.length <= CHUNK) {
        await this.#q(this.#sql, UPSERT_CANDLES, candleArrays(batch));
        return;
      }
      await this.#begin(async (tx) => {
        for (let i = 0; i < batch.length; i += CHUNK) {
          await this.#q(tx, UPSERT_CANDLES, candleArrays(batch.slice(i, i + CHUNK)));
        }
      });
    });
  }

  candles(query: CandleQuery): Promise<Candle[]> {
    return this.#op("candles.range", async () => {
      return (await this.#all(sql.candlesStatement(query))).map(rows.candleFromRow);
    });
  }

  latestCandles(series: Series, n: number): Promise<Candle[]> {
    return this.#op("candles.latest", async () => {
      const statement = sql.candlesStatement({ ...series, order: "desc", limit: n });
      return (await this.#all(statement)).map(rows.candleFromRow).reverse();
    });
  }

  lastCandleTime(series: Series): Promise<number | null> {
    return this.#op("candles.last_time", async () => {
      const [row] = await this.#q(this.#sql, sql.LAST_CANDLE_TIME, [
        series.exchange,
        series.symbol,
        series.timeframe,
      ]);
      return typeof row?.t === "number" ? row.t : null;
    });
  }

  deleteCandlesBefore(ts: number): Promise<number> {
    return this.#op("candles.delete_before", async () => {
      const result = await this.#q(this.#sql, sql.DELETE_CANDLES_BEFORE, [ts]);
      return (result as unknown as postgres.ResultMeta<number>).count;
    });
  }

  insertSignal(signal: Signal): Promise<boolean> {
    return this.#op("signals.insert", () => this.#paper.insertSignal(this.#sql, signal));
  }

  signals(query: SignalQuery = {}): Promise<StoredSignal[]> {
    return this.#op("signals.list", async () => {
      return (await this.#all(sql.signalsStatement(query))).map(rows.signalFromRow);
    });
  }

  unpublishedSignals(account: string): Promise<Signal[]> {
    return this.#op("signals.unpublished", async () => {
      return (await this.#q(this.#sql, UNPUBLISHED_SIGNALS, [account]))
        .map((row) => rows.signalOf(rows.signalFromRow(row)));
    });
  }

  saveWallet(wallet: Wallet): Promise<void> {
    return this.#op("wallet.save", () => this.#paper.saveWallet(this.#sql, wallet));
  }

  wallet(account: string): Promise<Wallet | null> {
    return this.#op("wallet.get", async () => {
      const [row] = await this.#q(this.#sql, sql.SELECT_WALLET, [account]);
      return row ? rows.walletFromRow(row) : null;
    });
  }

  insertOrder(order: PaperOrder): Promise<boolean> {
    return this.#op("orders.insert", () => this.#paper.insertOrder(this.#sql, order));
  }

  orders(query: OrderQuery = {}): Promise<PaperOrder[]> {
    return this.#op("orders.list", async () => {
      return (await this.#all(sql.ordersStatement(query))).map(rows.orderFromRow);
    });
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
    return this.#op("positions.list", async () => {
      return (await this.#all(sql.positionsStatement(account))).map(rows.positionFromRow);
    });
  }

  trades(query: TradeQuery = {}): Promise<Trade[]> {
    return this.#op("trades.list", async () => {
      return (await this.#all(sql.tradesStatement(query))).map(rows.tradeFromRow);
    });
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
    return this.#op("trading.progress", async () => {
      const [row] = await this.#q(this.#sql, SELECT_PROGRESS, [
        account,
        series.exchange,
        series.symbol,
        series.timeframe,
      ]);
      return typeof row?.t === "number" ? row.t : null;
    });
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
  const store = new PostgresStore(client, target, createTimed(options.onQuery, logger), logger);
  try {
    await store.ping();
  } catch (e) {
    await client.end({ timeout: 0 });
    throw e;
  }
  return store;
}
