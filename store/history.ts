import type { Candle, Series } from "../messages/mod.ts";
import type { Store } from "./types.ts";

/**
 * Reads a series' stored candles older than `before`, oldest first, a page at
 * a time, so rebuilding state from a year of 1m candles stays bounded in memory.
 *
 * @example
 * ```ts ignore
 * for await (const page of candleHistory(store, series, Date.now())) feed(page);
 * ```
 */
export async function* candleHistory(
  store: Pick<Store, "candles">,
  series: Series,
  before: number,
  pageSize = 10_000,
): AsyncIterable<Candle[]> {
  let from: number | undefined;
  while (true) {
    const page = await store.candles({
      exchange: series.exchange,
      symbol: series.symbol,
      timeframe: series.timeframe,
      from,
      to: before - 1,
      limit: pageSize,
      order: "asc",
    });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    from = page.at(-1)!.openTime + 1;
  }
}

/**
 * Whether any candle of the series is stored strictly between two open times.
 *
 * @example
 * ```ts ignore
 * await hasCandlesBetween(store, series, lastSeen, current.openTime);
 * ```
 */
export async function hasCandlesBetween(
  store: Pick<Store, "candles">,
  series: Series,
  after: number,
  before: number,
): Promise<boolean> {
  if (before - after <= 1) return false;
  const found = await store.candles({
    exchange: series.exchange,
    symbol: series.symbol,
    timeframe: series.timeframe,
    from: after + 1,
    to: before - 1,
    limit: 1,
  });
  return found.length > 0;
}
