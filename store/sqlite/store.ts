/**
 * The embedded store on `node:sqlite`: one file in the data directory, WAL
 * journal, cached prepared statements. The driver is synchronous, so every
 * transaction runs start to finish within one call and no other store call
 * can interleave with it.
 *
 * @module
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { join } from "node:path";
import { getLogger, type Logger } from "@logtape/logtape";
import type { Candle, Series, Signal } from "../../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../../paper/types.ts";
import * as sql from "../sql.ts";
import { createTimed, type Timed } from "../timing.ts";
import { DEFAULT_LOCK_TIMEOUT_MS } from "../timeouts.ts";
import { transientAware } from "./transient.ts";
import type {
  CandleQuery,
  MigrationResult,
  OrderQuery,
  PaperFill,
  QueryHook,
  SignalQuery,
  Store,
  StoredSignal,
  TradeQuery,
  TradingWrite,
} from "../types.ts";
import { SqliteAlertStore } from "./alerts.ts";
import { CANDLE_CHUNK, candleUpsertText, writeCandles } from "./candle_upsert.ts";
import { openSqliteDatabase, SQLITE_FILE } from "./connection.ts";
import { DataVersion } from "./data_version.ts";
import { migrateSqlite } from "./migrate.ts";
import { PaperWrites, StaleFill } from "./paper_writes.ts";
import { SqliteReads } from "./reads.ts";
import { immediateTransaction } from "./transaction.ts";

export { SQLITE_FILE } from "./connection.ts";

/**
 * Options of {@linkcode openSqliteStore}.
 *
 * @example
 * ```ts
 * const options: SqliteStoreOptions = { dataDir: "/var/lib/crypto-trade" };
 * ```
 */
export interface SqliteStoreOptions {
  /** Directory holding `crypto-trade.db`; created if missing. Default `./data`. */
  dataDir?: string;
  /** Receives every operation's duration. */
  onQuery?: QueryHook;
  /** Default `getLogger(["ct", "store"])`. */
  logger?: Logger;
  /**
   * How long a write waits for another connection's lock before
   * `StoreBusyError`. Default {@linkcode DEFAULT_LOCK_TIMEOUT_MS}.
   */
  lockTimeoutMs?: number;
}

/**
 * {@linkcode Store} on an embedded SQLite file. Create with {@linkcode openSqliteStore}.
 *
 * @example
 * ```ts
 * const store: SqliteStore = await openSqliteStore({ dataDir: "./data" });
 * logger.info("embedded store at {path}", { path: store.path }); // data/crypto-trade.db
 * ```
 */
export class SqliteStore implements Store {
  readonly backend = "sqlite" as const;
  readonly alerts: SqliteAlertStore;
  /** Path of the database file. */
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #timed: Timed;
  readonly #logger: Logger;
  readonly #statements = new Map<string, StatementSync>();
  readonly #reads = new SqliteReads((text) => this.#stmt(text));
  readonly #version = new DataVersion((text) => this.#stmt(text));
  readonly #paper = new PaperWrites((text) => this.#stmt(text));
  #closed = false;

  constructor(db: DatabaseSync, path: string, timed: Timed, logger: Logger) {
    this.#db = db;
    this.path = path;
    this.#timed = timed;
    this.#logger = logger;
    this.alerts = new SqliteAlertStore(db, timed);
  }

  #stmt(text: string): StatementSync {
    let s = this.#statements.get(text);
    if (!s) {
      s = this.#db.prepare(text);
      this.#statements.set(text, s);
    }
    return s;
  }

  #tx<T>(fn: () => T): T {
    return immediateTransaction(this.#db, fn);
  }

  migrate(): Promise<MigrationResult> {
    return this.#timed("migrate", () => migrateSqlite(this.#db, this.#logger));
  }

  ping(): Promise<void> {
    return this.#timed("ping", () => {
      this.#stmt("SELECT 1").get();
    });
  }

  /** Two SQLite change counters; {@linkcode DataVersion} says which and how often. */
  dataVersion(maxAgeMs = 0): string {
    return this.#version.read(maxAgeMs);
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#statements.clear();
      this.#db.close();
    }
    return Promise.resolve();
  }

  upsertCandles(candles: readonly Candle[]): Promise<void> {
    return this.#timed("candles.upsert", () => {
      if (candles.length === 0) return;
      const many = this.#stmt(candleUpsertText(CANDLE_CHUNK));
      const one = this.#stmt(candleUpsertText(1));
      this.#tx(() => writeCandles(many, one, candles));
    });
  }

  candles(query: CandleQuery): Promise<Candle[]> {
    return this.#timed("candles.range", () => this.#reads.candles(query));
  }

  latestCandles(series: Series, n: number): Promise<Candle[]> {
    return this.#timed("candles.latest", () => this.#reads.latestCandles(series, n));
  }

  lastCandleTime(series: Series): Promise<number | null> {
    return this.#timed("candles.last_time", () => this.#reads.lastCandleTime(series));
  }

  deleteCandlesBefore(ts: number): Promise<number> {
    return this.#timed(
      "candles.delete_before",
      () => Number(this.#stmt(sql.DELETE_CANDLES_BEFORE).run(ts).changes),
    );
  }

  insertSignal(signal: Signal): Promise<boolean> {
    return this.#timed(
      "signals.insert",
      () => this.#paper.insertSignal(signal),
    );
  }

  signals(query: SignalQuery = {}): Promise<StoredSignal[]> {
    return this.#timed("signals.list", () => this.#reads.signals(query));
  }

  unpublishedSignals(account: string): Promise<Signal[]> {
    return this.#timed("signals.unpublished", () => this.#reads.unpublishedSignals(account));
  }

  saveWallet(wallet: Wallet): Promise<void> {
    return this.#timed("wallet.save", () => this.#paper.saveWallet(wallet));
  }

  wallet(account: string): Promise<Wallet | null> {
    return this.#timed("wallet.get", () => this.#reads.wallet(account));
  }

  insertOrder(order: PaperOrder): Promise<boolean> {
    return this.#timed("orders.insert", () => this.#paper.insertOrder(order));
  }

  orders(query: OrderQuery = {}): Promise<PaperOrder[]> {
    return this.#timed("orders.list", () => this.#reads.orders(query));
  }

  openPosition(position: Position): Promise<void> {
    return this.#timed("positions.open", () => this.#paper.openPosition(position));
  }

  updatePosition(position: Position): Promise<void> {
    return this.#timed("positions.update", () => this.#paper.updatePosition(position));
  }

  closePosition(positionId: string, trade: Trade): Promise<void> {
    return this.#timed(
      "positions.close",
      () => this.#tx(() => this.#paper.closePosition(positionId, trade)),
    );
  }

  positions(account?: string): Promise<Position[]> {
    return this.#timed("positions.list", () => this.#reads.positions(account));
  }

  trades(query: TradeQuery = {}): Promise<Trade[]> {
    return this.#timed("trades.list", () => this.#reads.trades(query));
  }

  applyPaperFill(fill: PaperFill): Promise<boolean> {
    return this.#timed("paper.apply_fill", () => this.#tx(() => this.#paper.applyFill(fill)));
  }

  applyTrading(writes: readonly TradingWrite[]): Promise<boolean[] | null> {
    return this.#timed("trading.apply", () => {
      try {
        return this.#tx(() => this.#paper.applyTrading(writes));
      } catch (e) {
        if (e instanceof StaleFill) return null;
        throw e;
      }
    });
  }

  tradingProgress(account: string, series: Series): Promise<number | null> {
    return this.#timed("trading.progress", () => this.#reads.tradingProgress(account, series));
  }
}

/**
 * Opens (creating if needed) `<dataDir>/crypto-trade.db` in WAL mode (see
 * {@linkcode openSqliteDatabase}). Does not migrate; call
 * {@linkcode SqliteStore.migrate} or use `openStore`.
 *
 * @example
 * ```ts
 * const store = await openSqliteStore({ dataDir: "./data" });
 * await store.migrate();
 * await store.close();
 * ```
 */
export function openSqliteStore(options: SqliteStoreOptions = {}): Promise<SqliteStore> {
  const dataDir = options.dataDir ?? "./data";
  Deno.mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SQLITE_FILE);
  const db = openSqliteDatabase(path, options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  const logger = options.logger ?? getLogger(["ct", "store"]);
  const timed = transientAware(createTimed(options.onQuery, logger), path);
  return Promise.resolve(new SqliteStore(db, path, timed, logger));
}
