/**
 * The alerts the collector raises, built from what happened.
 *
 * @module
 */
import type { Series } from "../../messages/payloads.ts";
import { seriesKey } from "../../messages/keys.ts";
import type { CollectorAlert } from "./types.ts";

/**
 * A series was disabled because the source does not know its symbol.
 *
 * @example
 * ```ts
 * const series = { exchange: "binance", symbol: "BTC/USDTT", timeframe: "1m" };
 * symbolDisabledAlert(series, "ccxt:binance", "binance does not have market symbol BTC/USDTT", ["BTC/USDT"])
 *   .summary; // "binance:BTC/USDTT:1m disabled: … did you mean BTC/USDT?"
 * ```
 */
export function symbolDisabledAlert(
  series: Series,
  source: string,
  reason: string,
  suggestions: readonly string[],
): CollectorAlert {
  const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(" or ")}?` : "";
  return {
    name: "CollectorSymbolDisabled",
    severity: "warning",
    summary: `${seriesKey(series)} disabled: ${source} does not know ${
      JSON.stringify(series.symbol)
    } (${reason})${hint}`,
    labels: { ...series, source },
  };
}

/**
 * The exchange refused the credentials; collecting stops.
 *
 * @example
 * ```ts
 * const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
 * authFailedAlert(series, "ccxt:binance", "Invalid API-key").severity; // "critical"
 * ```
 */
export function authFailedAlert(series: Series, source: string, reason: string): CollectorAlert {
  return {
    name: "CollectorAuthFailed",
    severity: "critical",
    summary: `authentication failed at ${source} while collecting ${
      seriesKey(series)
    }: ${reason}. Check the exchange API key and secret; the collector stops.`,
    labels: { ...series, source },
  };
}
