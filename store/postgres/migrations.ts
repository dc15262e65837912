/**
 * PostgreSQL schema, as versioned migrations. Shipped migrations are never
 * edited; add a new version instead.
 *
 * @module
 */
import type { Migration } from "../types.ts";
import {
  PROGRESS_FROM_FILLS,
  PROGRESS_TABLE_POSTGRES,
  PUBLISHED_FROM_PROGRESS,
} from "../progress_sql.ts";

/**
 * Bookkeeping table; `applied_at` is for humans, so it is a real timestamp.
 *
 * @example
 * ```ts
 * await tx.unsafe(POSTGRES_MIGRATIONS_TABLE);
 * ```
 */
export const POSTGRES_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Serialises migrators per database and schema: a transaction-scoped advisory
 * lock, so a crashed migrator cannot leave it held.
 *
 * @example
 * ```ts
 * await sql.begin(async (tx) => { await tx.unsafe(POSTGRES_MIGRATION_LOCK); });
 * ```
 */
export const POSTGRES_MIGRATION_LOCK =
  `SELECT pg_advisory_xact_lock(hashtext('crypto-trade.migrate.' || coalesce(current_schema(), '')))`;

/**
 * All PostgreSQL migrations, ascending.
 *
 * @example
 * ```ts
 * const latest = POSTGRES_MIGRATIONS.at(-1)?.version;
 * ```
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "candles",
    // The primary key serves "latest N of a series" and ranges (backward
    // index scans are free); the open_time index keeps retention off a full
    // scan. Scale path: PARTITION BY RANGE (open_time) by month, so retention
    // becomes DROP of old partitions with no vacuum debt.
    sql: `
      CREATE TABLE candles (
        exchange text NOT NULL,
        symbol text NOT NULL,
        timeframe text NOT NULL,
        open_time bigint NOT NULL,
        open double precision NOT NULL,
        high double precision NOT NULL,
        low double precision NOT NULL,
        close double precision NOT NULL,
        volume double precision NOT NULL,
        PRIMARY KEY (exchange, symbol, timeframe, open_time)
      );
      CREATE INDEX candles_open_time_idx ON candles (open_time);`,
  },
  {
    version: 2,
    name: "signals",
    sql: `
      CREATE TABLE signals (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        strategy text NOT NULL,
        exchange text NOT NULL,
        symbol text NOT NULL,
        timeframe text NOT NULL,
        open_time bigint NOT NULL,
        side text NOT NULL CHECK (side IN ('buy', 'sell')),
        strength double precision NOT NULL,
        price double precision NOT NULL,
        reason text NOT NULL,
        indicators jsonb NOT NULL,
        UNIQUE (strategy, exchange, symbol, timeframe, open_time)
      );
      CREATE INDEX signals_time_idx ON signals (open_time, id);
      CREATE INDEX signals_symbol_time_idx ON signals (symbol, open_time, id);
      CREATE INDEX signals_strategy_time_idx ON signals (strategy, open_time, id);`,
  },
  {
    version: 3,
    name: "paper trading",
    sql: `
      CREATE TABLE paper_wallets (
        account text PRIMARY KEY,
        cash double precision NOT NULL,
        starting_balance double precision NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE TABLE paper_orders (
        id text PRIMARY KEY,
        account text NOT NULL,
        strategy text NOT NULL,
        position_id text NOT NULL,
        exchange text NOT NULL,
        symbol text NOT NULL,
        timeframe text NOT NULL,
        side text NOT NULL CHECK (side IN ('buy', 'sell')),
        qty double precision NOT NULL CHECK (qty > 0),
        price double precision NOT NULL,
        fee double precision NOT NULL,
        fill_time bigint NOT NULL,
        reason text NOT NULL
      );
      CREATE INDEX paper_orders_time_idx ON paper_orders (fill_time);
      CREATE INDEX paper_orders_account_time_idx ON paper_orders (account, fill_time);
      CREATE INDEX paper_orders_strategy_time_idx ON paper_orders (strategy, fill_time);
      CREATE TABLE paper_positions (
        id text PRIMARY KEY,
        account text NOT NULL,
        strategy text NOT NULL,
        exchange text NOT NULL,
        symbol text NOT NULL,
        timeframe text NOT NULL,
        qty double precision NOT NULL CHECK (qty > 0),
        entry_price double precision NOT NULL,
        entry_time bigint NOT NULL,
        stop_loss double precision,
        take_profit double precision,
        trailing_stop double precision,
        high_water double precision NOT NULL,
        entry_fee double precision NOT NULL
      );
      CREATE INDEX paper_positions_account_idx ON paper_positions (account, entry_time);
      CREATE TABLE paper_trades (
        id text PRIMARY KEY,
        account text NOT NULL,
        strategy text NOT NULL,
        exchange text NOT NULL,
        symbol text NOT NULL,
        timeframe text NOT NULL,
        qty double precision NOT NULL CHECK (qty > 0),
        entry_price double precision NOT NULL,
        exit_price double precision NOT NULL,
        entry_time bigint NOT NULL,
        exit_time bigint NOT NULL,
        pnl double precision NOT NULL,
        pnl_pct double precision NOT NULL,
        fees double precision NOT NULL,
        exit_reason text NOT NULL
          CHECK (exit_reason IN ('signal', 'stop_loss', 'take_profit', 'trailing_stop'))
      );
      CREATE INDEX paper_trades_time_idx ON paper_trades (exit_time);
      CREATE INDEX paper_trades_account_time_idx ON paper_trades (account, exit_time);
      CREATE INDEX paper_trades_strategy_time_idx ON paper_trades (strategy, exit_time);`,
  },
  {
    version: 4,
    name: "alerting",
    // Label filters use `labels @> $1`, which the jsonb_path_ops GIN index
    // serves. The history and the log are small keyed tables.
    sql: `
      CREATE TABLE alerts (
        fingerprint text PRIMARY KEY,
        alertname text NOT NULL,
        severity text NOT NULL,
        labels jsonb NOT NULL,
        annotations jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'firing', 'resolved')),
        starts_at bigint NOT NULL,
        ends_at bigint,
        generator_url text,
        updated_at bigint NOT NULL,
        acked_at bigint,
        acked_by text
      );
      CREATE INDEX alerts_state_updated_idx ON alerts (state, updated_at);
      CREATE INDEX alerts_updated_idx ON alerts (updated_at);
      CREATE INDEX alerts_labels_idx ON alerts USING gin (labels jsonb_path_ops);
      CREATE TABLE alert_history (
        fingerprint text NOT NULL,
        starts_at bigint NOT NULL,
        alertname text NOT NULL,
        severity text NOT NULL,
        ends_at bigint,
        PRIMARY KEY (fingerprint, starts_at)
      );
      CREATE INDEX alert_history_starts_idx ON alert_history (starts_at);
      CREATE TABLE silences (
        id text PRIMARY KEY,
        matchers jsonb NOT NULL,
        starts_at bigint NOT NULL,
        ends_at bigint NOT NULL,
        created_by text NOT NULL,
        comment text NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE TABLE notification_outbox (
        id text PRIMARY KEY,
        channel text NOT NULL,
        target text NOT NULL,
        receiver text NOT NULL,
        group_key text NOT NULL,
        data jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
        attempts integer NOT NULL,
        next_attempt_at bigint NOT NULL,
        last_error text,
        created_at bigint NOT NULL,
        sent_at bigint
      );
      CREATE INDEX notification_outbox_due_idx ON notification_outbox (status, next_attempt_at);
      CREATE INDEX notification_outbox_created_idx ON notification_outbox (created_at);
      CREATE TABLE notification_log (
        receiver text NOT NULL,
        group_key text NOT NULL,
        firing jsonb NOT NULL,
        resolved jsonb NOT NULL,
        sent_at bigint NOT NULL,
        PRIMARY KEY (receiver, group_key)
      );`,
  },
  {
    version: 5,
    name: "alert ack comment",
    sql: `ALTER TABLE alerts ADD COLUMN ack_comment text;`,
  },
  {
    version: 6,
    name: "paper progress marks",
    sql: PROGRESS_TABLE_POSTGRES,
  },
  {
    version: 7,
    name: "paper progress from fills",
    sql: PROGRESS_FROM_FILLS,
  },
  {
    version: 8,
    name: "published signal marks",
    sql: `ALTER TABLE paper_progress ADD COLUMN published_time bigint; ${PUBLISHED_FROM_PROGRESS}`,
  },
];
