/**
 * SQLite schema, as versioned migrations. Tables are STRICT so a wrongly
 * typed value is rejected instead of silently stored as text. Shipped
 * migrations are never edited; add a new version instead.
 *
 * @module
 */
import type { Migration } from "../types.ts";
import {
  PROGRESS_FROM_FILLS,
  PROGRESS_TABLE_SQLITE,
  PUBLISHED_FROM_PROGRESS,
} from "../progress_sql.ts";

/**
 * Bookkeeping table. `applied_at` is for humans reading the database, so it
 * is the database's own clock as text rather than an epoch ms column.
 *
 * @example
 * ```ts
 * db.exec(SQLITE_MIGRATIONS_TABLE);
 * ```
 */
export const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT`;

/**
 * All SQLite migrations, ascending.
 *
 * @example
 * ```ts
 * const latest = SQLITE_MIGRATIONS.at(-1)?.version;
 * ```
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "candles",
    // WITHOUT ROWID clusters rows by series then time, so "latest N of a
    // series" and range scans read adjacent pages. The open_time index makes
    // retention a range delete instead of a table scan.
    sql: `
      CREATE TABLE candles (
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        open_time INTEGER NOT NULL,
        open REAL NOT NULL,
        high REAL NOT NULL,
        low REAL NOT NULL,
        close REAL NOT NULL,
        volume REAL NOT NULL,
        PRIMARY KEY (exchange, symbol, timeframe, open_time)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX candles_open_time ON candles (open_time);`,
  },
  {
    version: 2,
    name: "signals",
    sql: `
      CREATE TABLE signals (
        id INTEGER PRIMARY KEY,
        strategy TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        open_time INTEGER NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        strength REAL NOT NULL,
        price REAL NOT NULL,
        reason TEXT NOT NULL,
        indicators TEXT NOT NULL,
        UNIQUE (strategy, exchange, symbol, timeframe, open_time)
      ) STRICT;
      CREATE INDEX signals_time ON signals (open_time, id);
      CREATE INDEX signals_symbol_time ON signals (symbol, open_time, id);
      CREATE INDEX signals_strategy_time ON signals (strategy, open_time, id);`,
  },
  {
    version: 3,
    name: "paper trading",
    sql: `
      CREATE TABLE paper_wallets (
        account TEXT PRIMARY KEY,
        cash REAL NOT NULL,
        starting_balance REAL NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE paper_orders (
        id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        strategy TEXT NOT NULL,
        position_id TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
        qty REAL NOT NULL CHECK (qty > 0),
        price REAL NOT NULL,
        fee REAL NOT NULL,
        fill_time INTEGER NOT NULL,
        reason TEXT NOT NULL
      ) STRICT;
      CREATE INDEX paper_orders_time ON paper_orders (fill_time);
      CREATE INDEX paper_orders_account_time ON paper_orders (account, fill_time);
      CREATE INDEX paper_orders_strategy_time ON paper_orders (strategy, fill_time);
      CREATE TABLE paper_positions (
        id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        strategy TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        qty REAL NOT NULL CHECK (qty > 0),
        entry_price REAL NOT NULL,
        entry_time INTEGER NOT NULL,
        stop_loss REAL,
        take_profit REAL,
        trailing_stop REAL,
        high_water REAL NOT NULL,
        entry_fee REAL NOT NULL
      ) STRICT;
      CREATE INDEX paper_positions_account ON paper_positions (account, entry_time);
      CREATE TABLE paper_trades (
        id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        strategy TEXT NOT NULL,
        exchange TEXT NOT NULL,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        qty REAL NOT NULL CHECK (qty > 0),
        entry_price REAL NOT NULL,
        exit_price REAL NOT NULL,
        entry_time INTEGER NOT NULL,
        exit_time INTEGER NOT NULL,
        pnl REAL NOT NULL,
        pnl_pct REAL NOT NULL,
        fees REAL NOT NULL,
        exit_reason TEXT NOT NULL
          CHECK (exit_reason IN ('signal', 'stop_loss', 'take_profit', 'trailing_stop'))
      ) STRICT;
      CREATE INDEX paper_trades_time ON paper_trades (exit_time);
      CREATE INDEX paper_trades_account_time ON paper_trades (account, exit_time);
      CREATE INDEX paper_trades_strategy_time ON paper_trades (strategy, exit_time);`,
  },
  {
    version: 4,
    name: "alerting",
    // JSON columns are checked with json_valid so a bad write fails at the
    // INSERT, not later when a reader parses it. The history and the
    // notification log are keyed lookups, so they cluster on their keys.
    sql: `
      CREATE TABLE alerts (
        fingerprint TEXT PRIMARY KEY,
        alertname TEXT NOT NULL,
        severity TEXT NOT NULL,
        labels TEXT NOT NULL CHECK (json_valid(labels)),
        annotations TEXT NOT NULL CHECK (json_valid(annotations)),
        state TEXT NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
        starts_at INTEGER NOT NULL,
        ends_at INTEGER,
        generator_url TEXT,
        updated_at INTEGER NOT NULL,
        acked_at INTEGER,
        acked_by TEXT
      ) STRICT;
      CREATE INDEX alerts_state_updated ON alerts (state, updated_at);
      CREATE INDEX alerts_updated ON alerts (updated_at);
      CREATE TABLE alert_history (
        fingerprint TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        alertname TEXT NOT NULL,
        severity TEXT NOT NULL,
        ends_at INTEGER,
        PRIMARY KEY (fingerprint, starts_at)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX alert_history_starts ON alert_history (starts_at);
      CREATE TABLE silences (
        id TEXT PRIMARY KEY,
        matchers TEXT NOT NULL CHECK (json_valid(matchers)),
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        comment TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE notification_outbox (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        target TEXT NOT NULL,
        receiver TEXT NOT NULL,
        group_key TEXT NOT NULL,
        data TEXT NOT NULL CHECK (json_valid(data)),
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
      ) STRICT;
      CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
      CREATE INDEX notification_outbox_created ON notification_outbox (created_at);
      CREATE TABLE notification_log (
        receiver TEXT NOT NULL,
        group_key TEXT NOT NULL,
        firing TEXT NOT NULL CHECK (json_valid(firing)),
        resolved TEXT NOT NULL CHECK (json_valid(resolved)),
        sent_at INTEGER NOT NULL,
        PRIMARY KEY (receiver, group_key)
      ) STRICT, WITHOUT ROWID;`,
  },
  {
    version: 5,
    name: "alert ack comment",
    sql: `ALTER TABLE alerts ADD COLUMN ack_comment TEXT;`,
  },
  {
    version: 6,
    name: "paper progress marks",
    sql: PROGRESS_TABLE_SQLITE,
  },
  {
    version: 7,
    name: "paper progress from fills",
    sql: PROGRESS_FROM_FILLS,
  },
  {
    version: 8,
    name: "published signal marks",
    sql: `ALTER TABLE paper_progress ADD COLUMN published_time INTEGER; ${PUBLISHED_FROM_PROGRESS}`,
  },
];
