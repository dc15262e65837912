/**
 * What the collector reports per series, for health checks and metrics.
 *
 * @module
 */
import type { Candle, Series } from "../../messages/payloads.ts";

/** How a series is being followed right now. */
export type SeriesMode = "starting" | "backfill" | "watch" | "poll" | "disabled" | "stopped";

/** Counters and times of one series. Times are the collector clock's epoch ms. */
export interface SeriesStats {
  series: Series;
  /** `exchange:symbol:timeframe`. */
  key: string;
  mode: SeriesMode;
  /** Open time of the newest closed candle stored (from the sink at start). */
  lastClosedOpenTime: number | null;
  /** When a fetch from the source last succeeded. */
  lastSuccessAt: number | null;
  /** Failed attempts (each retry counts). */
  errors: number;
  lastError: string | null;
  /** Candles that failed validation and were dropped. */
  rejected: number;
  /** Closed candles the source later changed; stored, not re-published. */
  corrections: number;
  /** Closed candles published this run. */
  published: number;
  /** Holes in the source's history that were skipped. */
  gaps: number;
  disabled: boolean;
  disabledReason: string | null;
}

/**
 * Fresh stats for a series.
 *
 * @example
 * ```ts
 * const s = initialStats({ exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" }, "sim:BTC/USDT:1m");
 * s.mode; // "starting"
 * ```
 */
export function initialStats(series: Series, key: string): SeriesStats {
  return {
    series,
    key,
    mode: "starting",
    lastClosedOpenTime: null,
    lastSuccessAt: null,
    errors: 0,
    lastError: null,
    rejected: 0,
    corrections: 0,
    published: 0,
    gaps: 0,
    disabled: false,
    disabledReason: null,
  };
}

/** Per-series working state. */
export interface SeriesState {
  series: Series;
  key: string;
  tf: number;
  /** Open time of the next closed candle to publish. */
  nextOpen: number;
  /** The last candle published (or corrected) this run, to spot corrections. */
  last: Candle | null;
  /** Consecutive polls that found the due candle missing. */
  misses: number;
  /** Clock time before which the websocket is not tried again. */
  wsRetryAt: number;
  stats: SeriesStats;
}
