/**
 * A local stand-in for Binance's spot market-data websocket
 * (`wss://stream.binance.com:9443/ws/<n>`): SUBSCRIBE / UNSUBSCRIBE
 * requests answered the way Binance answers them, kline events pushed on
 * the test's command, and server-side kills and outages, for testing
 * ccxt.pro's real `watchOHLCV` without the network.
 *
 * @module
 */
import type { Candle } from "../../messages/payloads.ts";
import { timeframeMs } from "../../market/timeframe.ts";

/** One subscribe or unsubscribe request as the server saw it. */
export interface RecordedWsRequest {
  /** Which connection sent it, counting from 1. */
  connection: number;
  method: string;
  params: string[];
  id: unknown;
}

/** Options for {@linkcode FakeBinanceWs.start}. */
export interface FakeBinanceWsOptions {
  /** The exchange's current time, stamped on events as `E`. */
  now: () => number;
}

interface Connection {
  n: number;
  socket: WebSocket;
  streams: Set<string>;
}

/**
 * The stream name Binance uses for a market's klines.
 *
 * @example
 * ```ts
 * klineStream("BTC/USDT", "1m"); // "btcusdt@kline_1m"
 * ```
 */
export function klineStream(symbol: string, timeframe: string): string {
  return `${symbol.replace("/", "").toLowerCase()}@kline_${timeframe}`;
}

/**
 * A running fake Binance websocket on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts
 * const ws = FakeBinanceWs.start({ now: () => Date.now() });
 * // ... openCcxtSource({ wsBaseUrl: ws.url, ... }) and watch BTC/USDT 1m ...
 * await ws.waitSubscribed("btcusdt@kline_1m");
 * ws.kill(); // every open socket is closed by the server
 * await ws.close();
 * ```
 */
export class FakeBinanceWs {
  readonly requests: RecordedWsRequest[] = [];
  /** Upgrade attempts, refused ones included. */
  attempts = 0;
  /** Upgrade attempts answered 503 while down. */
  refused = 0;
  #server: Deno.HttpServer<Deno.NetAddr>;
  #options: FakeBinanceWsOptions;
  #connections = new Set<Connection>();
  #opened = 0;
  #down = false;

  private constructor(options: FakeBinanceWsOptions) {
    this.#options = options;
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#handle(req),
    );
  }

  /** Starts listening. */
  static start(options: FakeBinanceWsOptions): FakeBinanceWs {
    return new FakeBinanceWs(options);
  }

  /** Base URL, e.g. "ws://127.0.0.1:43123" (ccxt appends "/ws/<n>"). */
  get url(): string {
    return `ws://127.0.0.1:${this.#server.addr.port}`;
  }

  /** Connections accepted so far. */
  get opened(): number {
    return this.#opened;
  }

  /** Open connections subscribed to `stream`. */
  subscribers(stream: string): number {
    return [...this.#connections].filter((c) => c.streams.has(stream)).length;
  }

  /** Resolves once an open connection is subscribed to `stream` (real time, up to `timeoutMs`). */
  async waitSubscribed(stream: string, timeoutMs = 5_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.subscribers(stream) === 0) {
      if (performance.now() > deadline) {
        throw new Error(
          `no subscription to ${stream} within ${timeoutMs} ms; requests: ${
            JSON.stringify(this.requests)
          }`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /**
   * Sends a kline event for `candle` to every connection subscribed to its
   * stream; `final` is Binance's `x` (the candle's last update). Returns how
   * many connections it went to.
   */
  kline(candle: Candle, final: boolean): number {
    const stream = klineStream(candle.symbol, candle.timeframe);
    const id = candle.symbol.replace("/", "");
    const event = JSON.stringify({
      e: "kline",
      E: this.#options.now(),
      s: id,
      k: {
        t: candle.openTime,
        T: candle.openTime + timeframeMs(candle.timeframe) - 1,
        s: id,
        i: candle.timeframe,
        f: 100,
        L: 200,
        o: String(candle.open),
        c: String(candle.close),
        h: String(candle.high),
        l: String(candle.low),
        v: String(candle.volume),
        n: 100,
        x: final,
        q: (candle.volume * candle.close).toFixed(8),
        V: (candle.volume / 2).toFixed(8),
        Q: (candle.volume * candle.close / 2).toFixed(8),
        B: "0",
      },
    });
    let sent = 0;
    for (const c of this.#connections) {
      if (c.streams.has(stream) && c.socket.readyState === WebSocket.OPEN) {
        c.socket.send(event);
        sent++;
      }
    }
    return sent;
  }

  /** Closes every open connection from the server side (as Binance does on its 24 h limit or a restart). */
  kill(code = 1001, reason = "fake binance dropped the connection"): void {
    for (const c of this.#connections) this.#drop(c, code, reason);
  }

  /** While down, open sockets are dropped and upgrades are answered 503. */
  setDown(down: boolean): void {
    this.#down = down;
    if (down) this.kill();
  }

  /** Drops every connection, then stops the server. */
  async close(): Promise<void> {
    this.kill(1001, "fake binance is shutting down");
    await this.#server.shutdown();
  }

  #drop(c: Connection, code: number, reason: string): void {
    this.#connections.delete(c);
    if (c.socket.readyState === WebSocket.OPEN || c.socket.readyState === WebSocket.CONNECTING) {
      c.socket.close(code, reason);
    }
  }

  #handle(req: Request): Response {
    const path = new URL(req.url).pathname;
    if (!path.startsWith("/ws") || req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response(`fake binance websocket has no ${path}`, { status: 404 });
    }
    this.attempts++;
    if (this.#down) {
      this.refused++;
      return new Response("Service Unavailable", { status: 503 });
    }
    const { socket, response } = Deno.upgradeWebSocket(req);
    const c: Connection = { n: ++this.#opened, socket, streams: new Set() };
    this.#connections.add(c);
    socket.onmessage = (e) => this.#onMessage(c, e.data);
    socket.onclose = () => this.#connections.delete(c);
    socket.onerror = () => this.#connections.delete(c);
    return response;
  }

  #onMessage(c: Connection, data: unknown): void {
    let msg: { method?: unknown; params?: unknown; id?: unknown };
    try {
      msg = JSON.parse(String(data));
    } catch {
      return c.socket.send(JSON.stringify({ error: { code: 3, msg: "Invalid JSON" } }));
    }
    const params = Array.isArray(msg.params) ? msg.params.map(String) : [];
    const method = String(msg.method);
    this.requests.push({ connection: c.n, method, params, id: msg.id });
    if (method === "SUBSCRIBE") {
      for (const p of params) c.streams.add(p);
    } else if (method === "UNSUBSCRIBE") {
      for (const p of params) c.streams.delete(p);
    } else {
      // Binance's answer to an unknown method.
      return c.socket.send(JSON.stringify({
        error: { code: 2, msg: `Invalid request: unknown method ${method}` },
        id: msg.id,
      }));
    }
    c.socket.send(JSON.stringify({ result: null, id: msg.id }));
  }
}
