/**
 * SQL shared by both backends. It is written with `?` placeholders in the
 * subset SQLite and PostgreSQL agree on (UPSERT, RETURNING, row values); the
 * PostgreSQL adapter renumbers them to `$n` with {@linkcode dollarPlaceholders}.
 * No statement here contains a literal `?`, which is what makes that safe.
 *
 * @module
 */
import {
  ORDER_COLUMNS,
  POSITION_COLUMNS,
  SIGNAL_COLUMNS,
  TRADE_COLUMNS,
  WALLET_COLUMNS,
} from "./columns.ts";

export { CANDLE_LIST } from "./columns.ts";
export * from "./query_sql.ts";

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");
const insert = (table: string, columns: readonly string[]) =>
  `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${marks(columns.length)})`;

/**
 * The conflict clause of every candle upsert: a late correction overwrites,
 * an identical redelivery writes nothing (no dead tuple on PostgreSQL).
 *
 * @example
 * ```ts
 * `INSERT INTO candles (${CANDLE_LIST}) VALUES (...) ${CANDLE_CONFLICT}`;
 * ```
 */
export const CANDLE_CONFLICT = `ON CONFLICT (exchange, symbol, timeframe, open_time) DO UPDATE SET
  open = excluded.open, high = excluded.high, low = excluded.low,
  close = excluded.close, volume = excluded.volume
  WHERE candles.open <> excluded.open OR candles.high <> excluded.high
    OR candles.low <> excluded.low OR candles.close <> excluded.close
    OR candles.volume <> excluded.volume`;

/**
 * Newest open time of a series; served by the primary key.
 *
 * @example
 * ```ts
 * db.prepare(LAST_CANDLE_TIME).get(s.exchange, s.symbol, s.timeframe);
 * ```
 */
export const LAST_CANDLE_TIME =
  `SELECT max(open_time) AS t FROM candles WHERE exchange = ? AND symbol = ? AND timeframe = ?`;

/**
 * Retention; served by the open_time index.
 *
 * @example
 * ```ts
 * db.prepare(DELETE_CANDLES_BEFORE).run(cutoff);
 * ```
 */
export const DELETE_CANDLES_BEFORE = `DELETE FROM candles WHERE open_time < ?`;

/**
 * Stores a signal unless its key exists; returns the id only when inserted.
 *
 * @example
 * ```ts
 * const inserted = db.prepare(INSERT_SIGNAL).get(...signalValues(s)) !== undefined;
 * ```
 */
export const INSERT_SIGNAL = `${insert("signals", SIGNAL_COLUMNS)}
  ON CONFLICT (strategy, exchange, symbol, timeframe, open_time) DO NOTHING RETURNING id`;

/**
 * Inserts or replaces a wallet.
 *
 * @example
 * ```ts
 * db.prepare(UPSERT_WALLET).run(...walletValues(wallet));
 * ```
 */
export const UPSERT_WALLET = `${insert("paper_wallets", WALLET_COLUMNS)}
  ON CONFLICT (account) DO UPDATE SET cash = excluded.cash,
  starting_balance = excluded.starting_balance, updated_at = excluded.updated_at`;

/**
 * A wallet by account.
 *
 * @example
 * ```ts
 * db.prepare(SELECT_WALLET).get("default");
 * ```
 */
export const SELECT_WALLET = `SELECT ${WALLET_COLUMNS.join(", ")} FROM paper_wallets
  WHERE account = ?`;

/**
 * Records an order once; returns the id only when inserted.
 *
 * @example
 * ```ts
 * const inserted = db.prepare(INSERT_ORDER).get(...orderValues(order)) !== undefined;
 * ```
 */
export const INSERT_ORDER = `${insert("paper_orders", ORDER_COLUMNS)}
  ON CONFLICT (id) DO NOTHING RETURNING id`;

/**
 * Inserts an open position.
 *
 * @example
 * ```ts
 * db.prepare(INSERT_POSITION).run(...positionValues(position));
 * ```
 */
export const INSERT_POSITION = insert("paper_positions", POSITION_COLUMNS);

/**
 * Overwrites an open position; values are {@linkcode POSITION_COLUMNS} rotated id-last.
 *
 * @example
 * ```ts
 * db.prepare(UPDATE_POSITION).get(...updatePositionValues(positionValues(p)));
 * ```
 */
export const UPDATE_POSITION = `UPDATE paper_positions SET ${
  POSITION_COLUMNS.slice(1).map((c) => `${c} = ?`).join(", ")
} WHERE id = ? RETURNING id`;

/**
 * Removes an open position.
 *
 * @example
 * ```ts
 * const wasOpen = db.prepare(DELETE_POSITION).get(id) !== undefined;
 * ```
 */
export const DELETE_POSITION = `DELETE FROM paper_positions WHERE id = ? RETURNING id`;

/**
 * Inserts a closed trade.
 *
 * @example
 * ```ts
 * db.prepare(INSERT_TRADE).run(...tradeValues(trade));
 * ```
 */
export const INSERT_TRADE = insert("paper_trades", TRADE_COLUMNS);

/**
 * Renumbers `?` placeholders to PostgreSQL's `$1, $2, ...`.
 *
 * @example
 * ```ts
 * dollarPlaceholders("a = ? AND b = ?"); // "a = $1 AND b = $2"
 * ```
 */
export function dollarPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/**
 * Values for {@linkcode UPDATE_POSITION}: every column but id, then id.
 *
 * @example
 * ```ts
 * const values = updatePositionValues(positionValues(position));
 * ```
 */
export function updatePositionValues(values: unknown[]): unknown[] {
  return [...values.slice(1), values[0]];
}
