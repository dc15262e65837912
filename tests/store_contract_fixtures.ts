/**
 * Shared pieces of the storage contract's cases: series, rows made by
 * number, and a fresh migrated store per case.
 *
 * @module
 */
import type { Candle, Series, Signal } from "../messages/mod.ts";
import type { PaperOrder, Position, Trade, Wallet } from "../paper/types.ts";
import type { Store } from "../store/mod.ts";
import type { OpenStore } from "./store_contract.ts";

export const BTC: Series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
export const ETH: Series = { exchange: "binance", symbol: "ETH/USDT", timeframe: "1m" };
export const MIN = 60_000;
export const T0 = 1_700_000_040_000; // a minute boundary

export function candle(series: Series, i: number, close = 100 + i): Candle {
  return {
    ...series,
    openTime: T0 + i * MIN,
    open: close - 1,
    high: close + 2,
    low: close - 3,
    close,
    volume: 10 + i,
  };
}

export function signal(strategy: string, series: Series, i: number): Signal {
  return {
    ...series,
    strategy,
    openTime: T0 + i * MIN,
    side: i % 2 ? "sell" : "buy",
    strength: 0.5,
    price: 100 + i,
    reason: `case ${i}`,
    indicators: { rsi: 30 + i, ema: null },
  };
}

export function order(
  id: string,
  positionId: string,
  side: "buy" | "sell",
  time: number,
): PaperOrder {
  return {
    ...BTC,
    id,
    account: "default",
    strategy: "rsi",
    positionId,
    side,
    qty: 0.5,
    price: 100,
    fee: 0.05,
    time,
    reason: "signal",
  };
}

export function position(id: string, overrides: Partial<Position> = {}): Position {
  return {
    ...BTC,
    id,
    account: "default",
    strategy: "rsi",
    qty: 0.5,
    entryPrice: 100,
    entryTime: T0,
    stopLoss: 95,
    takeProfit: null,
    trailingStop: 0.02,
    highWater: 100,
    entryFee: 0.05,
    ...overrides,
  };
}

export function trade(id: string, overrides: Partial<Trade> = {}): Trade {
  return {
    ...BTC,
    id,
    account: "default",
    strategy: "rsi",
    qty: 0.5,
    entryPrice: 100,
    exitPrice: 110,
    entryTime: T0,
    exitTime: T0 + 10 * MIN,
    pnl: 4.9,
    pnlPct: 0.098,
    fees: 0.1,
    exitReason: "take_profit",
    ...overrides,
  };
}

export const wallet = (cash: number, updatedAt = T0): Wallet => ({
  account: "default",
  cash,
  startingBalance: 1000,
  updatedAt,
});

/** One contract case: it opens its own store(s) with `open`. */
export type Case = (open: OpenStore) => Promise<void>;

/** Runs `fn` on a fresh, migrated store, and throws the store away after. */
export async function withStore(
  open: OpenStore,
  fn: (store: Store) => Promise<void>,
): Promise<void> {
  const { store, dispose } = await open();
  try {
    await store.migrate();
    await fn(store);
  } finally {
    await dispose();
  }
}
