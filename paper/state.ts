/**
 * The paper engine's state: plain data (wallet, open positions, pending
 * orders, last prices), so it can be logged, compared, serialised and
 * rebuilt from the store.
 *
 * @module
 */
import { seriesKey } from "../messages/keys.ts";
import type { Series } from "../messages/payloads.ts";
import type { PaperConfig } from "./config.ts";
import type { Position, Wallet } from "./types.ts";

/**
 * A signal waiting for the next candle's open of its series.
 *
 * @example
 * ```ts
 * const order: PendingOrder = { ...series, strategy: "rsi", side: "buy", signalTime: t, strength: 0.4, reason: "RSI 31 crossed up through 30" };
 * ```
 */
export interface PendingOrder extends Series {
  strategy: string;
  side: "buy" | "sell";
  /** Open time of the candle that produced the signal. */
  signalTime: number;
  strength: number;
  reason: string;
}

/**
 * Everything the engine knows. Never mutated: each step returns a new one.
 *
 * @example
 * ```ts
 * const state: PaperState = createPaperState(parsePaperConfig({}));
 * state.wallet.cash; // 10000
 * ```
 */
export interface PaperState {
  readonly config: PaperConfig;
  readonly wallet: Wallet;
  /** Open positions, by entry time then id. */
  readonly positions: readonly Position[];
  /** At most one per (strategy, series), by strategy then series. */
  readonly pending: readonly PendingOrder[];
  /** Series key → latest known price (last close; the open while a candle is filling). */
  readonly marks: Readonly<Record<string, number>>;
  /** Series key → open time of the last candle processed. */
  readonly lastSeen: Readonly<Record<string, number>>;
}

/**
 * A fresh account: the starting balance in cash, nothing open.
 *
 * @example
 * ```ts
 * const state = createPaperState(parsePaperConfig({ startingBalance: 1000 }), Date.UTC(2024, 0, 1));
 * ```
 */
export function createPaperState(config: PaperConfig, now = 0): PaperState {
  return {
    config,
    wallet: {
      account: config.account,
      cash: config.startingBalance,
      startingBalance: config.startingBalance,
      updatedAt: now,
    },
    positions: [],
    pending: [],
    marks: {},
    lastSeen: {},
  };
}

/**
 * What the store holds for an account, plus optional prices.
 *
 * @example
 * ```ts
 * const stored: StoredPaper = {
 *   wallet: await store.wallet("default"),
 *   positions: await store.positions("default"),
 *   marks: { "binance:BTC/USDT:1m": lastClose },
 * };
 * ```
 */
export interface StoredPaper {
  /** `null` before the first fill: the account starts fresh. */
  wallet: Wallet | null;
  positions: readonly Position[];
  /**
   * Series key → latest close. Without one, a position is valued at its
   * entry price until its series' next candle, which can change a
   * fraction-of-equity stake sized before then.
   */
  marks?: Readonly<Record<string, number>>;
}

/**
 * Rebuilds the engine from the store after a restart. Pending orders are
 * not stored: re-feed the signals of each series' last candle with
 * `onSignal` (the store keeps them; ids are deterministic, so a fill that
 * was already applied is rejected by `applyPaperFill` as a duplicate).
 *
 * @throws {RangeError} when the stored account differs from the config's,
 *   or two open positions share a (strategy, series).
 *
 * @example
 * ```ts
 * let state = fromStored({ wallet, positions }, config);
 * for (const s of lastCandleSignals) state = onSignal(state, s);
 * ```
 */
export function fromStored(stored: StoredPaper, config: PaperConfig): PaperState {
  const fresh = createPaperState(config);
  const wallet = stored.wallet ?? fresh.wallet;
  if (wallet.account !== config.account) {
    throw new RangeError(
      `stored wallet is for account "${wallet.account}" but the paper config says "${config.account}"`,
    );
  }
  const seen = new Set<string>();
  for (const p of stored.positions) {
    if (p.account !== config.account) {
      throw new RangeError(
        `stored position ${p.id} is for account "${p.account}", expected "${config.account}"`,
      );
    }
    const key = holdingKey(p.strategy, p);
    if (seen.has(key)) {
      throw new RangeError(`two open positions for ${key}; the engine holds at most one`);
    }
    seen.add(key);
  }
  return {
    ...fresh,
    wallet: { ...wallet },
    positions: sortPositions(stored.positions.map((p) => ({ ...p }))),
    marks: { ...stored.marks },
  };
}

/**
 * Cash plus open positions marked at their series' latest price (entry
 * price when none is known yet).
 *
 * @example
 * ```ts
 * const pnl = equity(state) - state.wallet.startingBalance; // realised + unrealised
 * ```
 */
export function equity(state: PaperState): number {
  return valuation(state.wallet, state.positions, state.marks);
}

/**
 * Cash plus `positions` marked at `marks` (entry price when unmarked).
 *
 * @example
 * ```ts
 * valuation(wallet, positions, { "binance:BTC/USDT:1m": 30_000 });
 * ```
 */
export function valuation(
  wallet: Wallet,
  positions: readonly Position[],
  marks: Readonly<Record<string, number>>,
): number {
  let total = wallet.cash;
  for (const p of positions) total += p.qty * markOf(marks, p);
  return total;
}

/**
 * Unrealised PnL of the open positions, net of entry fees (exit fees are
 * not yet due).
 *
 * @example
 * ```ts
 * unrealizedPnl(state); // e.g. -12.5
 * ```
 */
export function unrealizedPnl(state: PaperState): number {
  let total = 0;
  for (const p of state.positions) {
    total += p.qty * (markOf(state.marks, p) - p.entryPrice) - p.entryFee;
  }
  return total;
}

/**
 * The deterministic id of the position a strategy opens on a series at a
 * fill time; its orders are `<id>:buy` / `<id>:sell` and its trade reuses it.
 *
 * @example
 * ```ts
 * positionId("default", "rsi", { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" }, 60000);
 * // "default:rsi:binance:BTC/USDT:1m:60000"
 * ```
 */
export function positionId(
  account: string,
  strategy: string,
  series: Series,
  time: number,
): string {
  return `${account}:${strategy}:${seriesKey(series)}:${time}`;
}

/**
 * Key of what may be held once: a strategy on a series.
 *
 * @example
 * ```ts
 * holdingKey("rsi", series); // "rsi@binance:BTC/USDT:1m"
 * ```
 */
export function holdingKey(strategy: string, series: Series): string {
  return `${strategy}@${seriesKey(series)}`;
}

/**
 * Positions in their canonical order: entry time, then id.
 *
 * @example
 * ```ts
 * const ordered = sortPositions(await store.positions());
 * ```
 */
export function sortPositions(positions: Position[]): Position[] {
  return positions.sort((a, b) =>
    a.entryTime - b.entryTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function markOf(marks: Readonly<Record<string, number>>, p: Position): number {
  return marks[seriesKey(p)] ?? p.entryPrice;
}
