/**
 * What the store's listings are asked and answer: range and page queries,
 * their keyset cursors, and a signal as stored.
 *
 * @module
 */
import type { Series, Signal } from "../messages/mod.ts";

/**
 * Range query over one candle series. Both bounds are inclusive.
 *
 * @example
 * ```ts
 * const q: CandleQuery = { ...series, from: Date.UTC(2024, 0, 1), order: "desc", limit: 500 };
 * ```
 */
export interface CandleQuery extends Series {
  /** Earliest open time, epoch ms, inclusive. */
  from?: number;
  /** Latest open time, epoch ms, inclusive. */
  to?: number;
  /** Maximum rows; with `order: "desc"` this yields the newest `limit`. Default: all. */
  limit?: number;
  /** By open time. Default `"asc"`. */
  order?: "asc" | "desc";
}

/**
 * A signal as stored, with the surrogate id that breaks ties in pagination.
 *
 * @example
 * ```ts
 * const [newest]: StoredSignal[] = await store.signals({ limit: 1 });
 * ```
 */
export interface StoredSignal extends Signal {
  /** Insertion-ordered id; unique, used as the keyset tie-breaker. */
  id: number;
}

/**
 * Keyset cursor: the last row of the previous page (a {@linkcode StoredSignal} fits).
 *
 * @example
 * ```ts
 * const next = await store.signals({ limit: 50, before: page.at(-1) });
 * ```
 */
export interface SignalCursor {
  openTime: number;
  id: number;
}

/**
 * Signal listing, newest first.
 *
 * @example
 * ```ts
 * const q: SignalQuery = { symbol: "BTC/USDT", strategy: "rsi", limit: 50 };
 * ```
 */
export interface SignalQuery {
  symbol?: string;
  strategy?: string;
  /** Earliest candle open time, epoch ms, inclusive. */
  since?: number;
  /** Rows strictly older than this cursor (the next page). */
  before?: SignalCursor;
  /** Default 100. */
  limit?: number;
}

/**
 * Trade listing, newest exit first.
 *
 * @example
 * ```ts
 * const q: TradeQuery = { account: "default", since: startOfDay };
 * ```
 */
export interface TradeQuery {
  account?: string;
  strategy?: string;
  /** Earliest exit time, epoch ms, inclusive. */
  since?: number;
  /** Trades strictly older than this cursor (the next page). */
  before?: TradeCursor;
  /** Default 100. */
  limit?: number;
}

/**
 * Keyset cursor of the trade listing: the last trade of the previous page
 * (a {@linkcode Trade} fits).
 *
 * @example
 * ```ts
 * const next = await store.trades({ limit: 50, before: page.at(-1) });
 * ```
 */
export interface TradeCursor {
  exitTime: number;
  id: string;
}

/**
 * Order listing, newest fill first.
 *
 * @example
 * ```ts
 * const q: OrderQuery = { strategy: "rsi", limit: 20 };
 * ```
 */
export interface OrderQuery {
  account?: string;
  strategy?: string;
  /** Earliest fill time, epoch ms, inclusive. */
  since?: number;
  /** Default 100. */
  limit?: number;
}
