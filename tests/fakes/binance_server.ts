/**
 * A local stand-in for Binance's public REST API: `/api/v3/exchangeInfo`
 * and `/api/v3/klines`, with failure injection, history gaps and a request
 * log, for testing the real ccxt code without the network.
 *
 * @module
 */
import type { Candle } from "../../messages/payloads.ts";
import { SimSource } from "../../market/sim/mod.ts";
import { ceilToTimeframe, floorToTimeframe, timeframeMs } from "../../market/timeframe.ts";
import { sleep } from "../../lib/clock.ts";

/** A failure to inject into upcoming requests. */
export type Failure =
  /** 429 Too Many Requests with a Retry-After header, in seconds. */
  | { kind: "429"; retryAfterSeconds: number }
  /** A server error, 503 unless given. */
  | { kind: "5xx"; status?: number }
  /** Answer normally, but only after `ms` (longer than the client's timeout). */
  | { kind: "delay"; ms: number }
  /** A 200 whose body is cut-off JSON. */
  | { kind: "malformed" };

/** One request as the server saw it. */
export interface RecordedRequest {
  /** Arrival, `performance.now()` (real time, for back-off checks). */
  at: number;
  path: string;
  params: Record<string, string>;
  status: number;
  failure?: Failure["kind"];
}

/** Options for {@linkcode FakeBinance.start}. */
export interface FakeBinanceOptions {
  /** Markets with klines, as "BASE/QUOTE". Default BTC/USDT, ETH/USDT, SOL/USDT. */
  symbols?: string[];
  /** Markets listed in exchangeInfo whose klines answer -1121 "Invalid symbol.". */
  delisted?: string[];
  /** The exchange's current time; candles after it do not exist yet. */
  now: () => number;
  /** Sim seed for the candles. Default "fake-binance". */
  seed?: string;
  /** Ranges [from, to) of open times with no candles, per market ("*" for all). */
  gaps?: { symbol: string; from: number; to: number }[];
  /** The most candles one klines request returns. Binance: 1000. */
  maxLimit?: number;
}

const marketId = (symbol: string) => symbol.replace("/", "");

/**
 * A running fake exchange on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const fake = FakeBinance.start({ now: () => Date.UTC(2024, 0, 2) });
 * fake.fail({ kind: "429", retryAfterSeconds: 1 });
 * // ... point ccxt at fake.url ...
 * await fake.close();
 * ```
 */
export class FakeBinance {
  readonly requests: RecordedRequest[] = [];
  readonly sim: SimSource;
  #server: Deno.HttpServer<Deno.NetAddr>;
  #options: FakeBinanceOptions;
  #symbols: string[];
  #failures: { failure: Failure; path?: string }[] = [];
  #closing = new AbortController();

  private constructor(options: FakeBinanceOptions) {
    this.#options = options;
    this.#symbols = options.symbols ?? ["BTC/USDT", "ETH/USDT", "SOL/USDT"];
    this.sim = new SimSource({ seed: options.seed ?? "fake-binance" });
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#handle(req),
    );
  }

  /** Starts listening. */
  static start(options: FakeBinanceOptions): FakeBinance {
    return new FakeBinance(options);
  }

  /** Base URL, e.g. "http://127.0.0.1:43123". */
  get url(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** Makes the next `count` requests (to `path` only, when given) fail this way. */
  fail(failure: Failure, count = 1, path?: string): void {
    for (let i = 0; i < count; i++) this.#failures.push({ failure, path });
  }

  /** Failures not yet served. */
  get pendingFailures(): number {
    return this.#failures.length;
  }

  /** The candle the server holds at `openTime`, or null in a gap or the future. */
  candle(symbol: string, timeframe: string, openTime: number): Candle | null {
    const gap = this.#options.gaps?.some((g) =>
      (g.symbol === "*" || g.symbol === symbol) && openTime >= g.from && openTime < g.to
    );
    if (gap || openTime > this.#options.now()) return null;
    return this.sim.candleAt({ exchange: "binance", symbol, timeframe }, openTime);
  }

  /** Stops the server; pending delayed answers end at once. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.#server.shutdown();
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const params = Object.fromEntries(url.searchParams);
    const record: RecordedRequest = {
      at: performance.now(),
      path: url.pathname,
      params,
      status: 200,
    };
    this.requests.push(record);
    const at = this.#failures.findIndex((f) => !f.path || f.path === url.pathname);
    const failure = at >= 0 ? this.#failures.splice(at, 1)[0]!.failure : undefined;
    if (failure) record.failure = failure.kind;
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      return new Response(body, {
        status,
        headers: { "content-type": "application/json", ...headers },
      });
    };

    switch (failure?.kind) {
      case "429":
        return answer(429, JSON.stringify({ code: -1003, msg: "Too many requests." }), {
          "retry-after": String(failure.retryAfterSeconds),
        });
      case "5xx":
        return answer(failure.status ?? 503, "Service Unavailable", {
          "content-type": "text/plain",
        });
      case "delay":
        // Not req.signal: Deno aborts it after every response (legacy behaviour) and warns.
        await sleep(failure.ms, this.#closing.signal).catch(() => {});
        break;
    }

    let status = 200;
    let body: unknown;
    if (url.pathname === "/api/v3/exchangeInfo") body = this.#exchangeInfo();
    else if (url.pathname === "/api/v3/klines") [status, body] = this.#klines(params);
    else [status, body] = [404, { code: -1, msg: `fake binance has no ${url.pathname}` }];
    const text = JSON.stringify(body);
    return answer(status, failure?.kind === "malformed" ? text.slice(0, text.length >> 1) : text);
  }

  #exchangeInfo(): unknown {
    const listed = [...this.#symbols, ...(this.#options.delisted ?? [])];
    return {
      timezone: "UTC",
      serverTime: this.#options.now(),
      rateLimits: [],
      exchangeFilters: [],
      symbols: listed.map((s) => {
        const [base, quote] = s.split("/") as [string, string];
        return {
          symbol: marketId(s),
          status: "TRADING",
          baseAsset: base,
          baseAssetPrecision: 8,
          quoteAsset: quote,
          quotePrecision: 8,
          quoteAssetPrecision: 8,
          orderTypes: ["LIMIT", "MARKET"],
          isSpotTradingAllowed: true,
          isMarginTradingAllowed: false,
          permissions: [],
          permissionSets: [["SPOT"]],
          filters: [
            {
              filterType: "PRICE_FILTER",
              minPrice: "0.00000001",
              maxPrice: "1000000.00000000",
              tickSize: "0.00000001",
            },
            {
              filterType: "LOT_SIZE",
              minQty: "0.00000001",
              maxQty: "9000000.00000000",
              stepSize: "0.00000001",
            },
          ],
        };
      }),
    };
  }

  #klines(p: Record<string, string>): [number, unknown] {
    const symbol = this.#symbols.find((s) => marketId(s) === p.symbol);
    if (!symbol) return [400, { code: -1121, msg: "Invalid symbol." }];
    let tf: number;
    try {
      tf = timeframeMs(p.interval ?? "");
    } catch {
      return [400, { code: -1120, msg: "Invalid interval." }];
    }
    const limit = Math.min(Number(p.limit ?? 500), this.#options.maxLimit ?? 1000);
    const now = this.#options.now();
    const end = Math.min(p.endTime ? Number(p.endTime) : Infinity, now);
    // Without startTime Binance answers the most recent candles.
    let t = p.startTime
      ? ceilToTimeframe(Number(p.startTime), p.interval!)
      : floorToTimeframe(end, p.interval!) - (limit - 1) * tf;
    const rows: unknown[] = [];
    for (; t <= end && rows.length < limit; t += tf) {
      const c = this.candle(symbol, p.interval!, t);
      if (!c) continue;
      rows.push([
        c.openTime,
        String(c.open),
        String(c.high),
        String(c.low),
        String(c.close),
        String(c.volume),
        c.openTime + tf - 1,
        (c.volume * c.close).toFixed(8),
        Math.round(c.volume * 10),
        (c.volume / 2).toFixed(8),
        (c.volume * c.close / 2).toFixed(8),
        "0",
      ]);
    }
    return [200, rows];
  }
}
