/**
 * The embedded store on `node:sqlite`: one file in the data directory, WAL
 * journal, cached prepared statements. The driver is synchronous, so every
 * transaction runs start to finish within one call and no other store call
 * can interleave with it.
 *
 * @module
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { join } from "node:path";
import { getLogger, type Logger } from "@logtape/logtape";
import type { Candle, Series, Signal } from "../../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../../paper/types.ts";
import * as rows from "../rows.ts";
import * as sql from "../sql.ts";
import { SELECT_PROGRESS, UNPUBLISHED_SIGNALS } from "../progress_sql.ts";
import { createTimed, type Timed } from "../timing.ts";
import { busyAware } from "./busy.ts";
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
import { migrateSqlite } from "./migrate.ts";
import { PaperWrites, StaleFill } from "./paper_writes.ts";
import { immediateTransaction } from "./transaction.ts";

/**
 * File name of the embedded database inside the data directory.
 *
 * @example
 * ```ts
 * const path = join(dataDir, SQLITE_FILE);
 * ```
 */
export const SQLITE_FILE = "crypto-trade.db";

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
  /** How long a write waits for another connection's lock before `StoreBusyError`. Default 5 s. */
  busyTimeoutMs?: number;
}

type Values = SQLInputValue[];

/** Both change counters in one statement; see {@linkcode SqliteStore.dataVersion}. */
const DATA_VERSION =
  "SELECT (SELECT data_version FROM pragma_data_version) AS v, total_changes() AS c";
/** This connection's counter alone: no read transaction, ~0.3 µs against ~3–7. */
const OWN_CHANGES = "SELECT total_changes() AS c";

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
  #othersVersion = 0;
  #othersReadAt = -Infinity;
  readonly #logger: Logger;
  readonly #statements = new Map<string, StatementSync>();
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

  #all(statement: sql.Statement): rows.Row[] {
    return this.#stmt(statement.text).all(...statement.values as Values) as rows.Row[];
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

  /**
   * `PRAGMA data_version` (changes when another connection commits) with
   * this connection's `total_changes()` (its own writes, which
   * `data_version` does not count). Rows written by a statement that rolled
   * back still count: a spurious change, never a missed one.
   *
   * `data_version` opens a read transaction (shared-memory locks in WAL
   * mode), which is most of the cost, so within `maxAgeMs` of the last
   * reading it is reused; `total_changes()` is read every time.
   */
  dataVersion(maxAgeMs = 0): string {
    const now = performance.now();
    if (now - this.#othersReadAt >= maxAgeMs) {
      const row = this.#stmt(DATA_VERSION).get();
      this.#othersVersion = Number(row?.v);
      this.#othersReadAt = now;
      return `${row?.v}:${row?.c}`;
    }
    return `${this.#othersVersion}:${this.#stmt(OWN_CHANGES).get()?.c}`;
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
    return this.#timed(
      "candles.range",
      () => this.#all(sql.candlesStatement(query)).map(rows.candleFromRow),
    );
  }

  latestCandles(series: Series, n: number): Promise<Candle[]> {
    return this.#timed(
      "candles.latest",
      () =>
        this.#all(sql.candlesStatement({ ...series, order: "desc", limit: n }))
          .map(rows.candleFromRow).reverse(),
    );
  }

  lastCandleTime(series: Series): Promise<number | null> {
    return this.#timed("candles.last_time", () => {
      const row = this.#stmt(sql.LAST_CANDLE_TIME).get(
        series.exchange,
        series.symbol,
        series.timeframe,
      );
      return typeof row?.t === "number" ? row.t : null;
    });
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
    return this.#timed(
      "signals.list",
      () => this.#all(sql.signalsStatement(query)).map(rows.signalFromRow),
    );
  }

  unpublishedSignals(account: string): Promise<Signal[]> {
    return this.#timed(
      "signals.unpublished",
      () =>
        this.#all({ text: UNPUBLISHED_SIGNALS, values: [account] })
          .map((row) => rows.signalOf(rows.signalFromRow(row))),
    );
  }

  saveWallet(wallet: Wallet): Promise<void> {
    return this.#timed("wallet.save", () => this.#paper.saveWallet(wallet));
  }

  wallet(account: string): Promise<Wallet | null> {
    return this.#timed("wallet.get", () => {
      const row = this.#stmt(sql.SELECT_WALLET).get(account);
      return row ? rows.walletFromRow(row) : null;
    });
  }

  insertOrder(order: PaperOrder): Promise<boolean> {
    return this.#timed("orders.insert", () => this.#paper.insertOrder(order));
  }

  orders(query: OrderQuery = {}): Promise<PaperOrder[]> {
    return this.#timed(
      "orders.list",
      () => this.#all(sql.ordersStatement(query)).map(rows.orderFromRow),
    );
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
    return this.#timed(
      "positions.list",
      () => this.#all(sql.positionsStatement(account)).map(rows.positionFromRow),
    );
  }

  trades(query: TradeQuery = {}): Promise<Trade[]> {
    return this.#timed(
      "trades.list",
      () => this.#all(sql.tradesStatement(query)).map(rows.tradeFromRow),
    );
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
    return this.#timed("trading.progress", () => {
      const row = this.#stmt(SELECT_PROGRESS).get(
        account,
        series.exchange,
        series.symbol,
        series.timeframe,
      );
      return typeof row?.t === "number" ? row.t : null;
    });
  }
}

/**
 * Opens (creating if needed) `<dataDir>/crypto-trade.db` in WAL mode. Does not
 * migrate; call {@linkcode SqliteStore.migrate} or use `openStore`.
 *
 * WAL lets readers (the API) run while the writer (the recorder) commits;
 * `synchronous=NORMAL` is durable across process crashes and only risks the
 * last commits on power loss, which a re-fetch of candles repairs.
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
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    // Checkpoint less often: the committing connection pays for it, and with
    // several writer threads that was ~15 % of a 50k-candle replay.
    db.exec("PRAGMA wal_autocheckpoint = 20000");
    // Another process holding the write lock makes us wait, not fail.
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
  } catch (e) {
    db?.close();
    throw new Error(`cannot open sqlite store at ${path}: ${e}`, { cause: e });
  }
  const logger = options.logger ?? getLogger(["ct", "store"]);
  const timed = busyAware(createTimed(options.onQuery, logger), path);
  return Promise.resolve(new SqliteStore(db, path, timed, logger));
}
