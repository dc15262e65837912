/**
 * SQL shared by both backends. It is written with `?` placeholders in the
 * subset SQLite and PostgreSQL agree on (UPSERT, RETURNING, row values); the
 * PostgreSQL adapter renumbers them to `$n` with {@linkcode dollarPlaceholders}.
 * No statement here contains a literal `?`, which is what makes that safe.
 *
 * @module
 */
import type { Series } from "../messages/mod.ts";
import {
  CANDLE_COLUMNS,
  ORDER_COLUMNS,
  POSITION_COLUMNS,
  SIGNAL_COLUMNS,
  TRADE_COLUMNS,
  WALLET_COLUMNS,
} from "./columns.ts";
import type { CandleQuery, OrderQuery, SignalQuery, TradeQuery } from "./types.ts";

/**
 * A statement and its positional values.
 *
 * @example
 * ```ts
 * const { text, values }: Statement = candlesStatement(series);
 * ```
 */
export interface Statement {
  text: string;
  values: unknown[];
}

const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");
const insert = (table: string, columns: readonly string[]) =>
  `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${marks(columns.length)})`;

/**
 * Candle columns joined for SELECT and INSERT lists.
 *
 * @example
 * ```ts
 * `SELECT ${CANDLE_LIST} FROM candles`;
 * ```
 */
export const CANDLE_LIST = CANDLE_COLUMNS.join(", ");

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
 * Checks an optional limit, falling back to `fallback`.
 *
 * @example
 * ```ts
 * checkLimit(undefined, 100, "signals"); // 100
 * ```
 */
export function checkLimit(
  limit: number | undefined,
  fallback: number | null,
  what: string,
): number | null {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`${what}: limit must be a positive integer, got ${limit}`);
  }
  return limit;
}

class Where {
  readonly parts: string[] = [];
  readonly values: unknown[] = [];
  add(part: string, ...values: unknown[]): void {
    this.parts.push(part);
    this.values.push(...values);
  }
  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(" AND ")}` : "";
  }
}

function seriesWhere(s: Series): Where {
  const where = new Where();
  where.add("exchange = ? AND symbol = ? AND timeframe = ?", s.exchange, s.symbol, s.timeframe);
  return where;
}

/**
 * A candle range query; served by the (exchange, symbol, timeframe, open_time) key.
 *
 * @example
 * ```ts
 * const { text, values } = candlesStatement({ ...series, from: 0, limit: 10 });
 * ```
 */
export function candlesStatement(q: CandleQuery): Statement {
  const where = seriesWhere(q);
  if (q.from !== undefined) where.add("open_time >= ?", q.from);
  if (q.to !== undefined) where.add("open_time <= ?", q.to);
  const order = q.order ?? "asc";
  if (order !== "asc" && order !== "desc") {
    throw new RangeError(`candles: order must be "asc" or "desc", got ${JSON.stringify(order)}`);
  }
  const limit = checkLimit(q.limit, null, "candles");
  if (limit !== null) where.values.push(limit);
  return {
    text: `SELECT ${CANDLE_LIST} FROM candles ${where} ORDER BY open_time ${order}${
      limit === null ? "" : " LIMIT ?"
    }`,
    values: where.values,
  };
}

/**
 * Newest-first signal page with a keyset cursor on (open_time, id).
 *
 * @example
 * ```ts
 * const { text, values } = signalsStatement({ symbol: "BTC/USDT", limit: 50 });
 * ```
 */
export function signalsStatement(q: SignalQuery): Statement {
  const where = new Where();
  if (q.symbol !== undefined) where.add("symbol = ?", q.symbol);
  if (q.strategy !== undefined) where.add("strategy = ?", q.strategy);
  if (q.since !== undefined) where.add("open_time >= ?", q.since);
  if (q.before !== undefined) where.add("(open_time, id) < (?, ?)", q.before.openTime, q.before.id);
  where.values.push(checkLimit(q.limit, 100, "signals"));
  return {
    text: `SELECT id, ${SIGNAL_COLUMNS.join(", ")} FROM signals ${where}
      ORDER BY open_time DESC, id DESC LIMIT ?`,
    values: where.values,
  };
}

/**
 * Newest-first trades.
 *
 * @example
 * ```ts
 * const { text, values } = tradesStatement({ account: "default" });
 * ```
 */
export function tradesStatement(q: TradeQuery): Statement {
  const where = new Where();
  if (q.account !== undefined) where.add("account = ?", q.account);
  if (q.strategy !== undefined) where.add("strategy = ?", q.strategy);
  if (q.since !== undefined) where.add("exit_time >= ?", q.since);
  if (q.before !== undefined) {
    where.add("(exit_time, id) < (?, ?)", q.before.exitTime, q.before.id);
  }
  where.values.push(checkLimit(q.limit, 100, "trades"));
  return {
    text: `SELECT ${TRADE_COLUMNS.join(", ")} FROM paper_trades ${where}
      ORDER BY exit_time DESC, id DESC LIMIT ?`,
    values: where.values,
  };
}

/**
 * Newest-first orders.
 *
 * @example
 * ```ts
 * const { text, values } = ordersStatement({ strategy: "rsi" });
 * ```
 */
export function ordersStatement(q: OrderQuery): Statement {
  const where = new Where();
  if (q.account !== undefined) where.add("account = ?", q.account);
  if (q.strategy !== undefined) where.add("strategy = ?", q.strategy);
  if (q.since !== undefined) where.add("fill_time >= ?", q.since);
  where.values.push(checkLimit(q.limit, 100, "orders"));
  return {
    text: `SELECT ${ORDER_COLUMNS.join(", ")} FROM paper_orders ${where}
      ORDER BY fill_time DESC, id DESC LIMIT ?`,
    values: where.values,
  };
}

/**
 * Open positions, oldest entry first.
 *
 * @example
 * ```ts
 * const { text, values } = positionsStatement("default");
 * ```
 */
export function positionsStatement(account: string | undefined): Statement {
  const where = new Where();
  if (account !== undefined) where.add("account = ?", account);
  return {
    text: `SELECT ${POSITION_COLUMNS.join(", ")} FROM paper_positions ${where}
      ORDER BY entry_time, id`,
    values: where.values,
  };
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
