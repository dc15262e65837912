/**
 * Column lists and value encoders shared by both backends, so the order of
 * columns in every INSERT cannot drift between them.
 *
 * @module
 */
import type { Signal } from "../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../paper/types.ts";
import type { ProgressMark } from "./types.ts";

/**
 * Candle columns in insert order.
 *
 * @example
 * ```ts
 * CANDLE_COLUMNS.join(", "); // "exchange, symbol, ..., volume"
 * ```
 */
export const CANDLE_COLUMNS = [
  "exchange",
  "symbol",
  "timeframe",
  "open_time",
  "open",
  "high",
  "low",
  "close",
  "volume",
] as const;

/**
 * Signal columns in insert order (`indicators` is JSON text).
 *
 * @example
 * ```ts
 * SIGNAL_COLUMNS.indexOf("indicators"); // 9
 * ```
 */
export const SIGNAL_COLUMNS = [
  "strategy",
  "exchange",
  "symbol",
  "timeframe",
  "open_time",
  "side",
  "strength",
  "price",
  "reason",
  "indicators",
] as const;

/**
 * Wallet columns in insert order.
 *
 * @example
 * ```ts
 * const list = WALLET_COLUMNS.join(", ");
 * ```
 */
export const WALLET_COLUMNS = ["account", "cash", "starting_balance", "updated_at"] as const;

/**
 * Paper order columns in insert order.
 *
 * @example
 * ```ts
 * const list = ORDER_COLUMNS.join(", ");
 * ```
 */
export const ORDER_COLUMNS = [
  "id",
  "account",
  "strategy",
  "position_id",
  "exchange",
  "symbol",
  "timeframe",
  "side",
  "qty",
  "price",
  "fee",
  "fill_time",
  "reason",
] as const;

/**
 * Open position columns in insert order.
 *
 * @example
 * ```ts
 * const sets = POSITION_COLUMNS.slice(1).map((c) => `${c} = ?`);
 * ```
 */
export const POSITION_COLUMNS = [
  "id",
  "account",
  "strategy",
  "exchange",
  "symbol",
  "timeframe",
  "qty",
  "entry_price",
  "entry_time",
  "stop_loss",
  "take_profit",
  "trailing_stop",
  "high_water",
  "entry_fee",
] as const;

/**
 * Trade columns in insert order.
 *
 * @example
 * ```ts
 * const list = TRADE_COLUMNS.join(", ");
 * ```
 */
export const TRADE_COLUMNS = [
  "id",
  "account",
  "strategy",
  "exchange",
  "symbol",
  "timeframe",
  "qty",
  "entry_price",
  "exit_price",
  "entry_time",
  "exit_time",
  "pnl",
  "pnl_pct",
  "fees",
  "exit_reason",
] as const;

/**
 * Values of a signal in {@linkcode SIGNAL_COLUMNS} order.
 *
 * @example
 * ```ts
 * const values = signalValues(signal); // [strategy, exchange, ..., '{"rsi":28}']
 * ```
 */
export function signalValues(s: Signal): unknown[] {
  return [
    s.strategy,
    s.exchange,
    s.symbol,
    s.timeframe,
    s.openTime,
    s.side,
    s.strength,
    s.price,
    s.reason,
    JSON.stringify(s.indicators),
  ];
}

/**
 * Values of a wallet in {@linkcode WALLET_COLUMNS} order.
 *
 * @example
 * ```ts
 * walletValues({ account: "default", cash: 1000, startingBalance: 1000, updatedAt: 0 });
 * ```
 */
export function walletValues(w: Wallet): unknown[] {
  return [w.account, w.cash, w.startingBalance, w.updatedAt];
}

/**
 * Values of an order in {@linkcode ORDER_COLUMNS} order.
 *
 * @example
 * ```ts
 * const values = orderValues(order);
 * ```
 */
export function orderValues(o: PaperOrder): unknown[] {
  return [
    o.id,
    o.account,
    o.strategy,
    o.positionId,
    o.exchange,
    o.symbol,
    o.timeframe,
    o.side,
    o.qty,
    o.price,
    o.fee,
    o.time,
    o.reason,
  ];
}

/**
 * Values of a position in {@linkcode POSITION_COLUMNS} order.
 *
 * @example
 * ```ts
 * const values = positionValues(position);
 * ```
 */
export function positionValues(p: Position): unknown[] {
  return [
    p.id,
    p.account,
    p.strategy,
    p.exchange,
    p.symbol,
    p.timeframe,
    p.qty,
    p.entryPrice,
    p.entryTime,
    p.stopLoss,
    p.takeProfit,
    p.trailingStop,
    p.highWater,
    p.entryFee,
  ];
}

/**
 * Values of a trade in {@linkcode TRADE_COLUMNS} order.
 *
 * @example
 * ```ts
 * const values = tradeValues(trade);
 * ```
 */
export function tradeValues(t: Trade): unknown[] {
  return [
    t.id,
    t.account,
    t.strategy,
    t.exchange,
    t.symbol,
    t.timeframe,
    t.qty,
    t.entryPrice,
    t.exitPrice,
    t.entryTime,
    t.exitTime,
    t.pnl,
    t.pnlPct,
    t.fees,
    t.exitReason,
  ];
}

/**
 * Positional values of a progress mark's row (`progress_sql.ts`).
 *
 * @example
 * ```ts
 * db.prepare(UPSERT_PROGRESS).run(...progressValues({ account: "default", series, openTime }));
 * ```
 */
export function progressValues(mark: ProgressMark): [string, string, string, string, number] {
  const { account, series, openTime } = mark;
  return [account, series.exchange, series.symbol, series.timeframe, openTime];
}

/**
 * Values of a published mark in `MARK_PUBLISHED` order.
 *
 * @example
 * ```ts ignore
 * db.prepare(MARK_PUBLISHED).run(...publishedValues({ account: "default", series, openTime }));
 * ```
 */
export function publishedValues(
  mark: ProgressMark,
): [number, string, string, string, string, number] {
  const { account, series, openTime } = mark;
  return [openTime, account, series.exchange, series.symbol, series.timeframe, openTime];
}

/**
 * Candle columns joined for SELECT and INSERT lists.
 *
 * @example
 * ```ts
 * `SELECT ${CANDLE_LIST} FROM candles`;
 * ```
 */
export const CANDLE_LIST = CANDLE_COLUMNS.join(", ");
