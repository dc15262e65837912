/**
 * Test fixtures for the paper engine: candles and signals on a minute grid,
 * and money settings that are exact in binary floating point so fill
 * arithmetic can be checked to the last bit.
 *
 * @module
 */
import type { Candle, Series, Signal } from "../messages/payloads.ts";
import { type PaperConfig, parsePaperConfig } from "./config.ts";

/** Default fixture series. */
export const BTC: Series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
/** A second series. */
export const ETH: Series = { exchange: "binance", symbol: "ETH/USDT", timeframe: "1m" };
/** Open time of candle 0. */
export const T0 = Date.UTC(2024, 0, 1);
/** One minute. */
export const MIN = 60_000;

/**
 * Fee 1/1024 and slippage 1/128: a 128 open buys at exactly 129, a 256 open
 * sells at exactly 254, and a 1032 stake buys exactly 8 for a 1.0078125 fee.
 *
 * @example
 * ```ts
 * const config = exactConfig({ maxOpenPositions: 1 });
 * ```
 */
export function exactConfig(overrides: Record<string, unknown> = {}): PaperConfig {
  return parsePaperConfig({
    startingBalance: 10_000,
    stake: { mode: "fixed", amount: 1032 },
    maxOpenPositions: 3,
    feeRate: 1 / 1024,
    slippage: 1 / 128,
    ...overrides,
  });
}

/**
 * Candle `i` of a series; high/low default to the extremes of open and close.
 *
 * @example
 * ```ts
 * bar(3, { open: 128, close: 130 });
 * ```
 */
export function bar(
  i: number,
  p: { open: number; close?: number; high?: number; low?: number },
  series: Series = BTC,
): Candle {
  const close = p.close ?? p.open;
  return {
    ...series,
    openTime: T0 + i * MIN,
    open: p.open,
    high: p.high ?? Math.max(p.open, close),
    low: p.low ?? Math.min(p.open, close),
    close,
    volume: 1,
  };
}

/**
 * A signal of `strategy` produced by candle `i`.
 *
 * @example
 * ```ts
 * sig(0, "buy");
 * ```
 */
export function sig(
  i: number,
  side: "buy" | "sell",
  strategy = "s1",
  strength = 0.5,
  series: Series = BTC,
): Signal {
  return {
    ...series,
    strategy,
    openTime: T0 + i * MIN,
    side,
    strength,
    price: 0,
    reason: `${strategy} says ${side}`,
    indicators: {},
  };
}

/**
 * A reproducible random walk (LCG-driven) with wicks, as candles.
 *
 * @example
 * ```ts
 * const candles = walk(500, 7);
 * ```
 */
export function walk(n: number, seed: number, series: Series = BTC): Candle[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const out: Candle[] = [];
  let price = 100;
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = open * (1 + (rand() - 0.5) * 0.04);
    const high = Math.max(open, close) * (1 + rand() * 0.01);
    const low = Math.min(open, close) * (1 - rand() * 0.01);
    out.push({ ...series, openTime: T0 + i * MIN, open, high, low, close, volume: 1 + rand() });
    price = close;
  }
  return out;
}
