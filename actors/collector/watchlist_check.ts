import type { Logger } from "@logtape/logtape";
import { ConfigError, errorMessage } from "../../lib/errors.ts";
import type { MarketSource } from "../../market/source.ts";
import { suggestSymbols } from "../../market/suggest.ts";
import type { Series } from "../../messages/mod.ts";

/**
 * Refuses to start on a watchlist timeframe the exchange has no candles for
 * (naming the ones it has), or a symbol it does not list (naming it and
 * suggesting near matches). Timeframes need no request; when the markets
 * cannot be loaded (no network), it says so and lets collection start: the
 * collector retries, and disables a symbol the exchange later rejects.
 *
 * @example
 * ```ts ignore
 * await checkWatchlist(source, [{ exchange: "binance", symbol: "BTC/USDTT", timeframe: "1m" }], log);
 * // ConfigError: watchlist.symbols: binance does not list "BTC/USDTT"; did you mean BTC/USDT?
 * ```
 */
export async function checkWatchlist(
  source: MarketSource,
  watchlist: readonly Series[],
  log: Logger,
): Promise<void> {
  const supported = source.timeframes?.();
  if (supported) {
    const missing = [...new Set(watchlist.map((s) => s.timeframe))]
      .filter((t) => !supported.includes(t));
    if (missing.length > 0) {
      throw new ConfigError(
        `watchlist.timeframes: ${source.name} has no ${
          missing.map((t) => JSON.stringify(t)).join(", ")
        } candles; it has ${supported.join(", ")}`,
      );
    }
  }
  let known: string[];
  try {
    known = await source.symbols();
  } catch (e) {
    log.warn("cannot load the markets of {source} to check the watchlist: {error}", {
      source: source.name,
      error: errorMessage(e),
    });
    return;
  }
  const listed = new Set(known);
  const problems = [...new Set(watchlist.map((s) => s.symbol))]
    .filter((symbol) => !listed.has(symbol))
    .map((symbol) => {
      const near = suggestSymbols(symbol, known);
      return `${source.name} does not list ${JSON.stringify(symbol)}${
        near.length ? `; did you mean ${near.join(" or ")}?` : ""
      }`;
    });
  if (problems.length > 0) throw new ConfigError(`watchlist.symbols: ${problems.join("; ")}`);
}
