/**
 * Any CCXT exchange as a {@linkcode MarketSource}. ccxt (~80 MiB, ~0.5 s to
 * load) is imported dynamically here and nowhere else, so sim and replay
 * runs never pay for it.
 *
 * @module
 */
import type { Exchange } from "ccxt";
import { getLogger, type Logger } from "@logtape/logtape";
import type { Candle, Series } from "../../messages/payloads.ts";
import { parseRetryAfter, withRetryAfter } from "../errors.ts";
import type { MarketSource } from "../source.ts";
import { suggestSymbols } from "../suggest.ts";
import { timeframeMs } from "../timeframe.ts";

/** Options for {@linkcode openCcxtSource}. */
export interface CcxtSourceOptions {
  /** A CCXT exchange id. Default "binance". */
  exchangeId?: string;
  /** Replaces the origin of every REST API URL (tests: a local fake exchange). */
  restBaseUrl?: string;
  /** Replaces the origin of every websocket URL, e.g. "ws://127.0.0.1:9001" (tests). */
  wsBaseUrl?: string;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** Use `watchOHLCV` (ccxt.pro) where the exchange has it. Default true. */
  websocket?: boolean;
  /** Candles asked for per request. Default 1000 (Binance's spot maximum). */
  pageSize?: number;
  /** Minimum gap between requests; default the exchange's own `rateLimit`. */
  rateLimitMs?: number;
  /** Merged into the exchange's ccxt `options`. */
  exchangeOptions?: Record<string, unknown>;
  /** Wall clock for HTTP-date Retry-After values. Default Date.now. */
  wallNow?: () => number;
  logger?: Logger;
}

type ExchangeClass = new (config?: Record<string, unknown>) => Exchange;

/** Rewrites the origin of every `scheme` URL in a (nested) `urls.api` table. */
function rewriteOrigins(
  api: Record<string, unknown>,
  base: string,
  scheme: "https?" | "wss?",
): void {
  const origin = new RegExp(`^${scheme}://[^/]+`);
  for (const [key, value] of Object.entries(api)) {
    if (typeof value === "string" && origin.test(value)) {
      api[key] = value.replace(origin, base.replace(/\/$/, ""));
    } else if (value && typeof value === "object") {
      rewriteOrigins(value as Record<string, unknown>, base, scheme);
    }
  }
}

/**
 * Loads ccxt and opens an exchange. Markets load lazily on first use.
 *
 * @example
 * ```ts
 * const source = await openCcxtSource({ exchangeId: "binance" });
 * const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
 * const candles = await source.fetchClosed(series, Date.now() - 3_600_000, 60, Date.now());
 * await source.close();
 * ```
 */
export async function openCcxtSource(options: CcxtSourceOptions = {}): Promise<CcxtSource> {
  const ccxt = (await import("ccxt")).default;
  const id = options.exchangeId ?? "binance";
  const rest = (ccxt as unknown as Record<string, ExchangeClass | undefined>)[id];
  if (typeof rest !== "function" || !ccxt.exchanges.includes(id)) {
    const near = suggestSymbols(id, ccxt.exchanges);
    const hint = near.length > 0 ? `did you mean ${near.join(" or ")}?` : "see ccxt.exchanges";
    throw new RangeError(`ccxt has no exchange ${JSON.stringify(id)}; ${hint}`);
  }
  const pro = (ccxt.pro as unknown as Record<string, ExchangeClass | undefined>)[id];
  const Base = options.websocket !== false && typeof pro === "function" ? pro : rest;
  const wallNow = options.wallNow ?? (() => Date.now());

  // A subclass is ccxt's own extension point; handleErrors sees each
  // response's headers, which the shared `last_response_headers` cannot
  // pair with the right request when series fetch concurrently.
  class Patched extends Base {
    override handleErrors(
      code: number,
      reason: string,
      url: string,
      method: string,
      headers: Record<string, string>,
      body: string,
      response: unknown,
      requestHeaders: unknown,
      requestBody: unknown,
    ): undefined {
      if (code === 429 || code === 418) {
        const ms = parseRetryAfter(headers["Retry-After"], wallNow());
        if (ms !== undefined) {
          throw withRetryAfter(
            new ccxt.RateLimitExceeded(`${this.id} ${method} ${url} ${code} ${reason}: ${body}`),
            ms,
          );
        }
      }
      // ccxt turns unparsable JSON into `undefined` and hands back the raw
      // text, which reads as "no candles" downstream: make it an error.
      if (
        code >= 200 && code < 300 && response === undefined && body.trim() !== "" &&
        (headers["Content-Type"] ?? "").includes("json")
      ) {
        throw new ccxt.BadResponse(
          `${this.id} ${method} ${url} answered malformed JSON: ${body.slice(0, 120)}`,
        );
      }
      return super.handleErrors(
        code,
        reason,
        url,
        method,
        headers,
        body,
        response,
        requestHeaders,
        requestBody,
      );
    }
  }

  const exchange = new Patched({
    timeout: options.timeoutMs ?? 10_000,
    enableRateLimit: true,
    ...(options.rateLimitMs !== undefined ? { rateLimit: options.rateLimitMs } : {}),
    options: {
      // Spot only, and no currency list: market data needs neither futures nor wallets.
      fetchMarkets: { types: ["spot"] },
      fetchCurrencies: false,
      ...options.exchangeOptions,
    },
  });
  const api = exchange.urls.api as unknown as Record<string, unknown>;
  if (options.restBaseUrl) rewriteOrigins(api, options.restBaseUrl, "https?");
  if (options.wsBaseUrl) rewriteOrigins(api, options.wsBaseUrl, "wss?");
  return new CcxtSource(exchange, {
    pageSize: options.pageSize ?? 1000,
    websocket: Base === pro && exchange.has.watchOHLCV === true,
    logger: options.logger ?? getLogger(["ct", "market", "ccxt"]),
  });
}

function toCandle(series: Series, row: readonly (number | undefined)[]): Candle {
  const n = (v: number | undefined) => (typeof v === "number" ? v : NaN);
  return {
    ...series,
    openTime: n(row[0]),
    open: n(row[1]),
    high: n(row[2]),
    low: n(row[3]),
    close: n(row[4]),
    volume: n(row[5]),
  };
}

/** Rejects when `signal` aborts, without leaving `p`'s rejection unhandled. */
function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  p.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/**
 * A ccxt exchange behind the {@linkcode MarketSource} contract; build it
 * with {@linkcode openCcxtSource}. `watch` exists only when the exchange
 * streams OHLCV and websockets are enabled.
 *
 * @example
 * ```ts
 * const source = await openCcxtSource({ websocket: false });
 * source.watch; // undefined: REST only
 * await source.close();
 * ```
 */
export class CcxtSource implements MarketSource {
  readonly name: string;
  readonly exchange: Exchange;
  readonly watch?: (series: Series, signal: AbortSignal) => AsyncIterable<Candle>;
  #pageSize: number;
  #logger: Logger;
  #closed = false;

  constructor(
    exchange: Exchange,
    options: { pageSize: number; websocket: boolean; logger: Logger },
  ) {
    this.exchange = exchange;
    this.name = `ccxt:${exchange.id}`;
    this.#pageSize = options.pageSize;
    this.#logger = options.logger;
    if (options.websocket) this.watch = (series, signal) => this.#watch(series, signal);
  }

  async fetchClosed(series: Series, since: number, limit: number, now: number): Promise<Candle[]> {
    const tf = timeframeMs(series.timeframe);
    const out: Candle[] = [];
    let cursor = since;
    while (out.length < limit && cursor + tf <= now) {
      const want = Math.min(this.#pageSize, limit - out.length);
      const rows = await this.exchange.fetchOHLCV(series.symbol, series.timeframe, cursor, want);
      let last: number | undefined;
      let reachedOpen = false;
      for (const row of rows) {
        const c = toCandle(series, row);
        if (!(c.openTime >= cursor)) continue;
        if (c.openTime + tf > now) {
          reachedOpen = true; // the forming candle: everything closed is in
          break;
        }
        if (out.length < limit) out.push(c);
        last = c.openTime;
      }
      // An exchange may cap a page below `want`; only an empty page or the
      // forming candle proves there is nothing more.
      if (last === undefined || reachedOpen) break;
      cursor = last + tf;
    }
    return out;
  }

  async *#watch(series: Series, signal: AbortSignal): AsyncGenerator<Candle> {
    // Set when watchOHLCV rejects: ccxt has then already dropped the socket (or
    // the exchange refused the subscription), so there is nothing to unsubscribe.
    let failed = false;
    try {
      while (!signal.aborted) {
        let rows: (number | undefined)[][];
        try {
          rows = await abortable(
            this.exchange.watchOHLCV(series.symbol, series.timeframe),
            signal,
          );
        } catch (err) {
          if (signal.aborted) return;
          failed = true;
          throw err;
        }
        for (const row of rows) yield toCandle(series, row);
      }
    } finally {
      // unWatchOHLCV without a live socket dials a new one, after ccxt's real-time
      // reconnect back-off (up to a minute), only to send UNSUBSCRIBE; this
      // generator's error would wait for it, holding back the caller's REST
      // fallback, and after close() that socket would outlive the exchange.
      if (!failed && !this.#closed) {
        await this.exchange.unWatchOHLCV(series.symbol, series.timeframe).catch((err: unknown) => {
          this.#logger.debug("unWatchOHLCV {symbol} failed: {err}", {
            symbol: series.symbol,
            err: String(err),
          });
        });
      }
    }
  }

  async symbols(): Promise<string[]> {
    await this.exchange.loadMarkets();
    return [...this.exchange.symbols];
  }

  /** The exchange's kline intervals, as ccxt describes them (no request needed). */
  timeframes(): readonly string[] | undefined {
    const known = this.exchange.timeframes as Record<string, unknown> | undefined;
    const list = known ? Object.keys(known) : [];
    return list.length > 0 ? list : undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.exchange.close();
  }
}
