/**
 * Query and path parameter schemas shared by the routes. Each rejects bad
 * input with a message naming what was expected and what was received.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";

/**
 * Largest page any list route returns; asking for more is a 400.
 *
 * @example
 * ```ts ignore
 * limitParam(100).safeParse(String(MAX_PAGE_SIZE + 1)).success; // false
 * ```
 */
export const MAX_PAGE_SIZE = 1000;

/**
 * A whole-number query parameter within `[min, max]`, `fallback` when absent.
 *
 * @example
 * ```ts
 * const limit = intParam({ min: 1, max: MAX_PAGE_SIZE, fallback: 100 });
 * limit.parse("50"); // 50
 * limit.parse(undefined); // 100
 * ```
 */
export function intParam(options: { min: number; max: number; fallback: number }) {
  const { min, max, fallback } = options;
  // A sign or a fraction fails the pattern, so its message names the range as well.
  return z.string().regex(/^\d{1,9}$/, `expected a whole number from ${min} to ${max}`)
    .transform(Number).pipe(
      z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`),
    ).default(fallback).openapi({ type: "integer", minimum: min, maximum: max, default: fallback });
}

/**
 * Page size of list routes: 1 to {@linkcode MAX_PAGE_SIZE}.
 *
 * @example
 * ```ts
 * limitParam(100).parse("5000"); // throws: must be at most 1000
 * ```
 */
export function limitParam(fallback: number) {
  return intParam({ min: 1, max: MAX_PAGE_SIZE, fallback });
}

/**
 * A market symbol, as in the configuration.
 *
 * @example
 * ```ts
 * symbolParam.parse("BTC/USDT");
 * ```
 */
export const symbolParam = z.string().regex(
  /^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/,
  "expected a symbol such as BTC/USDT",
).openapi({ example: "BTC/USDT" });

/**
 * A candle timeframe, as in the configuration.
 *
 * @example
 * ```ts
 * timeframeParam.parse("1m");
 * ```
 */
export const timeframeParam = z.string().regex(
  /^[1-9][0-9]{0,5}[mhdw]$/,
  "expected a timeframe such as 1m, 5m, 1h, 1d",
).openapi({ example: "1m" });

/**
 * A CCXT exchange id.
 *
 * @example
 * ```ts
 * exchangeParam.parse("binance");
 * ```
 */
export const exchangeParam = z.string().regex(
  /^[a-z0-9]{1,40}$/,
  "expected a CCXT exchange id such as binance",
).openapi({ example: "binance" });

/**
 * A name (strategy, account, actor id): short, no spaces or slashes.
 *
 * @example
 * ```ts
 * nameParam("strategy").parse("ema_cross");
 * ```
 */
export function nameParam(what: string) {
  return z.string().regex(
    /^[A-Za-z0-9._:-]{1,64}$/,
    `expected a ${what} name of 1 to 64 letters, digits, '.', '_', ':' or '-'`,
  );
}

/**
 * The query of a route that takes none: any parameter is an error, so a
 * typo is not silently ignored.
 *
 * @example
 * ```ts
 * noParams.safeParse({ x: "1" }).success; // false
 * ```
 */
export const noParams = z.strictObject({});

/**
 * The series a query names; the exchange defaults to the watchlist's.
 *
 * @example
 * ```ts
 * seriesOf({ symbol: "BTC/USDT", timeframe: "1m" }, "binance");
 * // { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" }
 * ```
 */
export function seriesOf(
  q: { exchange?: string; symbol: string; timeframe: string },
  defaultExchange: string,
): { exchange: string; symbol: string; timeframe: string } {
  return { exchange: q.exchange ?? defaultExchange, symbol: q.symbol, timeframe: q.timeframe };
}
