/**
 * Decoding table rows into domain records, shared by both backends. Decoding
 * checks types instead of coercing: a driver handing back a string where a
 * number belongs (e.g. a `numeric` or un-parsed `bigint` column) fails loudly
 * here, not later in a strategy.
 *
 * @module
 */
import type { Candle, Signal } from "../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../paper/types.ts";
import type { StoredSignal } from "./types.ts";

/**
 * A row as a driver returns it.
 *
 * @example
 * ```ts
 * const row: Row = { open_time: 0 };
 * ```
 */
export type Row = Record<string, unknown>;

function num(row: Row, column: string): number {
  const v = row[column];
  if (typeof v !== "number") {
    throw new TypeError(
      `store: column ${column} came back as ${typeof v} (${String(v)}), expected a number`,
    );
  }
  return v;
}

function numOrNull(row: Row, column: string): number | null {
  return row[column] === null ? null : num(row, column);
}

function str(row: Row, column: string): string {
  const v = row[column];
  if (typeof v !== "string") {
    throw new TypeError(
      `store: column ${column} came back as ${typeof v} (${String(v)}), expected a string`,
    );
  }
  return v;
}

function oneOf<T extends string>(row: Row, column: string, allowed: readonly T[]): T {
  const v = str(row, column);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new TypeError(`store: column ${column} holds ${JSON.stringify(v)}, expected ${allowed}`);
  }
  return v as T;
}

/**
 * Decodes a candle row.
 *
 * @example
 * ```ts
 * const candle = candleFromRow({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1m",
 *   open_time: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 });
 * ```
 */
export function candleFromRow(row: Row): Candle {
  return {
    exchange: str(row, "exchange"),
    symbol: str(row, "symbol"),
    timeframe: str(row, "timeframe"),
    openTime: num(row, "open_time"),
    open: num(row, "open"),
    high: num(row, "high"),
    low: num(row, "low"),
    close: num(row, "close"),
    volume: num(row, "volume"),
  };
}

/**
 * Decodes a signal row; `indicators` may be JSON text (SQLite) or already parsed (jsonb).
 *
 * @example
 * ```ts
 * const signal = signalFromRow(row);
 * ```
 */
export function signalFromRow(row: Row): StoredSignal {
  const raw = row.indicators;
  const indicators = typeof raw === "string" ? JSON.parse(raw) : raw;
  if (indicators === null || typeof indicators !== "object" || Array.isArray(indicators)) {
    throw new TypeError(`store: column indicators holds ${String(raw)}, expected a JSON object`);
  }
  return {
    id: num(row, "id"),
    strategy: str(row, "strategy"),
    exchange: str(row, "exchange"),
    symbol: str(row, "symbol"),
    timeframe: str(row, "timeframe"),
    openTime: num(row, "open_time"),
    side: oneOf(row, "side", ["buy", "sell"] as const),
    strength: num(row, "strength"),
    price: num(row, "price"),
    reason: str(row, "reason"),
    indicators: { ...indicators },
  };
}

/**
 * The signal a stored row holds, without its row id (as it was published).
 *
 * @example
 * ```ts ignore
 * const signal = signalOf(signalFromRow(row));
 * ```
 */
export function signalOf(stored: StoredSignal): Signal {
  const { id: _id, ...signal } = stored;
  return signal;
}

/**
 * Decodes a wallet row.
 *
 * @example
 * ```ts
 * const wallet = walletFromRow({ account: "a", cash: 1, starting_balance: 1, updated_at: 0 });
 * ```
 */
export function walletFromRow(row: Row): Wallet {
  return {
    account: str(row, "account"),
    cash: num(row, "cash"),
    startingBalance: num(row, "starting_balance"),
    updatedAt: num(row, "updated_at"),
  };
}

/**
 * Decodes a paper order row.
 *
 * @example
 * ```ts
 * const order = orderFromRow(row);
 * ```
 */
export function orderFromRow(row: Row): PaperOrder {
  return {
    id: str(row, "id"),
    account: str(row, "account"),
    strategy: str(row, "strategy"),
    positionId: str(row, "position_id"),
    exchange: str(row, "exchange"),
    symbol: str(row, "symbol"),
    timeframe: str(row, "timeframe"),
    side: oneOf(row, "side", ["buy", "sell"] as const),
    qty: num(row, "qty"),
    price: num(row, "price"),
    fee: num(row, "fee"),
    time: num(row, "fill_time"),
    reason: str(row, "reason"),
  };
}

/**
 * Decodes an open position row.
 *
 * @example
 * ```ts
 * const position = positionFromRow(row);
 * ```
 */
export function positionFromRow(row: Row): Position {
  return {
    id: str(row, "id"),
    account: str(row, "account"),
    strategy: str(row, "strategy"),
    exchange: str(row, "exchange"),
    symbol: str(row, "symbol"),
    timeframe: str(row, "timeframe"),
    qty: num(row, "qty"),
    entryPrice: num(row, "entry_price"),
    entryTime: num(row, "entry_time"),
    stopLoss: numOrNull(row, "stop_loss"),
    takeProfit: numOrNull(row, "take_profit"),
    trailingStop: numOrNull(row, "trailing_stop"),
    highWater: num(row, "high_water"),
    entryFee: num(row, "entry_fee"),
  };
}

const EXIT_REASONS = ["signal", "stop_loss", "take_profit", "trailing_stop"] as const;

/**
 * Decodes a trade row.
 *
 * @example
 * ```ts
 * const trade = tradeFromRow(row);
 * ```
 */
export function tradeFromRow(row: Row): Trade {
  return {
    id: str(row, "id"),
    account: str(row, "account"),
    strategy: str(row, "strategy"),
    exchange: str(row, "exchange"),
    symbol: str(row, "symbol"),
    timeframe: str(row, "timeframe"),
    qty: num(row, "qty"),
    entryPrice: num(row, "entry_price"),
    exitPrice: num(row, "exit_price"),
    entryTime: num(row, "entry_time"),
    exitTime: num(row, "exit_time"),
    pnl: num(row, "pnl"),
    pnlPct: num(row, "pnl_pct"),
    fees: num(row, "fees"),
    exitReason: oneOf(row, "exit_reason", EXIT_REASONS),
  };
}
