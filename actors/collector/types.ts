/**
 * The collector's dependencies and options.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Candle, Series } from "../../messages/payloads.ts";
import type { Clock } from "../../lib/clock.ts";
import type { MarketSource } from "../../market/source.ts";
import type { BackoffOptions } from "./retry.ts";

/** Where closed candles are stored (the candle store). */
export interface CandleSink {
  /** Open time of the newest stored candle of the series, or null when there is none. */
  lastCandleTime(series: Series): Promise<number | null>;
  /** Inserts or replaces candles by (series, openTime). */
  upsertCandles(candles: Candle[]): Promise<void>;
}

/** An alert the collector raises (e.g. a symbol disabled). */
export interface CollectorAlert {
  name: string;
  severity: "info" | "warning" | "critical";
  summary: string;
  labels: Record<string, string>;
}

/** Options for {@linkcode Collector}. */
export interface CollectorOptions {
  source: MarketSource;
  sink: CandleSink;
  /** Sends candles on the bus: closed ones as "candle", forming ones as "tick". */
  publish(candles: Candle[], kind: "candle" | "tick"): Promise<void>;
  /** Market time: the wall clock live, a scaled clock for sim and replay. */
  clock: Clock;
  logger?: Logger;
  watchlist: Series[];
  /** Candles to fetch for a series with nothing stored. */
  backfillDepth: number;
  /**
   * Where a series with nothing stored starts instead, epoch ms: a replay
   * starts at its file's first candle whenever its collector starts.
   */
  backfillFrom?: number;
  /** Longest wait between two REST polls; default: until the next candle closes. */
  pollIntervalMs?: number;
  /** How long after a candle's close to poll for it (clock ms). Default 2000. */
  pollLagMs?: number;
  /** Candles asked for per request. Default 1000. */
  pageSize?: number;
  /** Use the source's `watch` when it has one. Default true. */
  websocket?: boolean;
  /** After a websocket failure, how long to poll before trying it again (clock ms). Default 3 min. */
  websocketRetryMs?: number;
  /** Back-off of failed calls (real ms). */
  backoff?: BackoffOptions;
  /**
   * Cap of the back-off of storing and publishing (real ms), which wait on
   * this system's own storage and bus rather than on the exchange: once they
   * are back, candles flow again within this. Default 5 000.
   */
  localBackoffMaxMs?: number;
  onAlert?(alert: CollectorAlert): void;
  /** Stops the collector. */
  signal: AbortSignal;
}

/**
 * Thrown by {@linkcode Collector.run} when collecting cannot go on at all
 * (authentication refused).
 *
 * @example
 * ```ts
 * throw new CollectorFatalError("authentication failed at ccxt:binance: invalid API key");
 * ```
 */
export class CollectorFatalError extends Error {
  override name = "CollectorFatalError";
}
