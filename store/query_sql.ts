/**
 * The read queries both backends share, built from a query object: the
 * `WHERE` clause and values a {@linkcode CandleQuery} or {@linkcode SignalQuery}
 * asks for, with `?` placeholders like every statement in `sql.ts`.
 *
 * @module
 */
import type { Series } from "../messages/mod.ts";
import {
  CANDLE_LIST,
  ORDER_COLUMNS,
  POSITION_COLUMNS,
  SIGNAL_COLUMNS,
  TRADE_COLUMNS,
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
