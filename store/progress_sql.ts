/**
 * SQL of the desk's progress marks (migrations 6 and 7), shared by both backends in
 * the `?` dialect of `sql.ts`.
 *
 * A mark is the open time of the newest analysis of a series whose effects
 * the paper account has stored. It is written in the transaction of those
 * effects, so a desk handed analyses again after a crash knows, from the
 * store alone, which ones it already applied.
 *
 * @module
 */

/**
 * Raises a series' mark; a lower one (an older redelivery) leaves it.
 * Values: account, exchange, symbol, timeframe, open time.
 *
 * @example
 * ```ts
 * db.prepare(UPSERT_PROGRESS).run("default", "binance", "BTC/USDT", "1m", openTime);
 * ```
 */
export const UPSERT_PROGRESS = `INSERT INTO paper_progress
  (account, exchange, symbol, timeframe, open_time) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (account, exchange, symbol, timeframe) DO UPDATE
  SET open_time = excluded.open_time WHERE excluded.open_time > paper_progress.open_time`;

/**
 * A series' mark. Values: account, exchange, symbol, timeframe.
 *
 * @example
 * ```ts
 * const row = db.prepare(SELECT_PROGRESS).get("default", "binance", "BTC/USDT", "1m");
 * ```
 */
export const SELECT_PROGRESS = `SELECT open_time AS t FROM paper_progress
  WHERE account = ? AND exchange = ? AND symbol = ? AND timeframe = ?`;

/** Migration 6 on SQLite. */
export const PROGRESS_TABLE_SQLITE = `CREATE TABLE paper_progress (
  account TEXT NOT NULL,
  exchange TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  open_time INTEGER NOT NULL,
  PRIMARY KEY (account, exchange, symbol, timeframe)
);`;

/** Migration 6 on PostgreSQL. */
export const PROGRESS_TABLE_POSTGRES = `CREATE TABLE paper_progress (
  account text NOT NULL,
  exchange text NOT NULL,
  symbol text NOT NULL,
  timeframe text NOT NULL,
  open_time bigint NOT NULL,
  PRIMARY KEY (account, exchange, symbol, timeframe)
);`;

/**
 * Migration 7 on both backends: marks for accounts that stored fills before
 * marks existed. A fill at a candle's open means that candle's analysis was
 * applied; without a mark, a redelivery would repeat the fill, and the desk
 * could not tell where to resume.
 */
export const PROGRESS_FROM_FILLS = `INSERT INTO paper_progress
  (account, exchange, symbol, timeframe, open_time)
  SELECT account, exchange, symbol, timeframe, max(fill_time) FROM paper_orders
  WHERE true GROUP BY account, exchange, symbol, timeframe
  ON CONFLICT (account, exchange, symbol, timeframe) DO UPDATE
  SET open_time = excluded.open_time WHERE excluded.open_time > paper_progress.open_time`;
