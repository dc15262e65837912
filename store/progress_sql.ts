/**
 * SQL of the desk's progress marks (migrations 6 to 8), shared by both backends in
 * the `?` dialect of `sql.ts`.
 *
 * A mark is the open time of the newest analysis of a series whose effects
 * the paper account has stored. It is written in the transaction of those
 * effects, so a desk handed analyses again after a crash knows, from the
 * store alone, which ones it already applied.
 *
 * Its `published_time` is how far the signals of those analyses are known
 * to be on the bus. A desk never hands a stored signal out again, so after a
 * crash between storing signals and publishing them, the signals past this
 * time are read back and published by the next incarnation.
 *
 * @module
 */
import { SIGNAL_COLUMNS } from "./columns.ts";

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

/**
 * Migration 8's statements after the column is added (each backend adds it
 * with its own type): marks stored before it count as published, since the
 * runs that wrote them published as they went.
 *
 * @example
 * ```ts ignore
 * db.exec(`ALTER TABLE paper_progress ADD COLUMN published_time INTEGER; ${PUBLISHED_FROM_PROGRESS}`);
 * ```
 */
export const PUBLISHED_FROM_PROGRESS = `UPDATE paper_progress SET published_time = open_time;`;

/**
 * Moves a series' published mark forward (never back). Values: open time,
 * account, exchange, symbol, timeframe, open time.
 *
 * @example
 * ```ts ignore
 * db.prepare(MARK_PUBLISHED).run(...publishedValues(mark));
 * ```
 */
export const MARK_PUBLISHED = `UPDATE paper_progress SET published_time = ?
  WHERE account = ? AND exchange = ? AND symbol = ? AND timeframe = ?
  AND (published_time IS NULL OR published_time < ?)`;

/**
 * The signals of an account's series stored past their published mark, in
 * the order they were published in. Values: account.
 *
 * @example
 * ```ts ignore
 * const rows = db.prepare(UNPUBLISHED_SIGNALS).all("default");
 * ```
 */
export const UNPUBLISHED_SIGNALS = `SELECT s.id, ${
  SIGNAL_COLUMNS.map((c) => `s.${c}`).join(", ")
} FROM signals s JOIN paper_progress p
  ON p.exchange = s.exchange AND p.symbol = s.symbol AND p.timeframe = s.timeframe
  WHERE p.account = ? AND s.open_time > COALESCE(p.published_time, -1)
  ORDER BY s.exchange, s.symbol, s.timeframe, s.open_time, s.id`;
