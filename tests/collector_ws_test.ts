/**
 * The collector's websocket path with the real ccxt.pro code against a
 * local fake Binance (REST and kline stream): ticks while a candle forms,
 * one closed candle when the next begins, REST polling while the socket is
 * down (a candle that closed meanwhile is backfilled), and the stream again
 * once it works.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { FakeBinance } from "./fakes/binance_server.ts";
import { FakeBinanceWs, klineStream } from "./fakes/binance_ws_server.ts";
import type { Candle, Series } from "../messages/payloads.ts";
import { ManualClock } from "../lib/clock.ts";
import { openCcxtSource } from "../market/ccxt/mod.ts";
import { Collector } from "../actors/collector/collector.ts";
import { advanceTo, firstHole, MemorySink, waitFor } from "../actors/collector/test_support.ts";

const MIN = 60_000;
const at = (h: number, m: number, s = 0) => Date.UTC(2024, 0, 2, h, m, s);
const btc: Series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
const STREAM = klineStream(btc.symbol, btc.timeframe);

Deno.test("collector follows binance's kline websocket, polls REST while it is down and returns to it", async () => {
  const clock = new ManualClock(at(12, 0, 20));
  const rest = FakeBinance.start({ now: () => clock.now() });
  const ws = FakeBinanceWs.start({ now: () => clock.now() });
  const source = await openCcxtSource({
    restBaseUrl: rest.url,
    wsBaseUrl: ws.url,
    timeoutMs: 2_000,
    rateLimitMs: 1,
    // ccxt's reconnect back-off is real time (1 s, 2 s, ...): shortened to keep the test fast.
    exchangeOptions: { ws: { backoff: { base: 20 } } },
  });
  const sink = new MemorySink(() => clock.now());
  const ac = new AbortController();
  const collector = new Collector({
    source,
    sink,
    publish: sink.publish,
    clock,
    watchlist: [btc],
    backfillDepth: 10,
    websocketRetryMs: 2 * MIN,
    backoff: { minMs: 10, maxMs: 50 },
    signal: ac.signal,
  });
  const stats = () => collector.stats()[0]!;
  const ticks = () => sink.events.filter((e) => e.what === "tick").flatMap((e) => e.candles);
  const closed = () => sink.published();
  /** The exchange's final candle at `openTime`, as the collector stores it. */
  const final = (openTime: number): Candle => rest.candle(btc.symbol, btc.timeframe, openTime)!;
  /** A first update of a candle: only its opening trade so far. */
  const opening = (c: Candle): Candle => ({
    ...c,
    high: c.open,
    low: c.open,
    close: c.open,
    volume: 0.5,
  });
  const run = collector.run();
  try {
    // REST backfills 11:50..11:59, then the collector subscribes to the kline stream.
    await ws.waitSubscribed(STREAM);
    await waitFor(() => stats().mode === "watch", 5_000, "watch mode");
    assertEquals(
      closed().map((c) => c.openTime),
      Array.from({ length: 10 }, (_, i) => at(11, 50 + i)),
    );
    assertEquals(ws.requests[0], { connection: 1, method: "SUBSCRIBE", params: [STREAM], id: 1 });

    // 12:00 forms: each update goes out as a tick, nothing is closed yet.
    const c1200 = final(at(12, 0));
    assertEquals(ws.kline(opening(c1200), false), 1);
    await waitFor(() => ticks().length === 1, 5_000, "the first tick");
    await advanceTo(clock, at(12, 0, 50), 5_000);
    assertEquals(ws.kline(c1200, true), 1); // Binance's last update of a candle, x: true
    await waitFor(() => ticks().length === 2, 5_000, "the second tick");
    assertEquals(ticks(), [opening(c1200), c1200]);
    assertEquals(closed().length, 10, "a forming candle was published as closed");

    // 12:01 starts (before REST's poll for 12:00 is due): 12:00 is closed, once, then the tick.
    await advanceTo(clock, at(12, 1, 0), 5_000);
    const c1201 = final(at(12, 1));
    assertEquals(ws.kline(opening(c1201), false), 1);
    await waitFor(() => ticks().length === 3, 5_000, "the 12:01 tick");
    assertEquals(closed().at(-1), c1200);
    assertEquals(closed().filter((c) => c.openTime === at(12, 0)).length, 1);
    const closedAt = sink.events.findIndex((e) =>
      e.what === "candle" && e.candles[0]!.openTime === at(12, 0)
    );
    assertEquals(sink.events[closedAt + 1]!.what, "tick");
    const restBefore = rest.requests.length;
    assertEquals(stats().mode, "watch");

    // The server drops the socket and stays down: the collector polls REST instead,
    // without dialling the dead endpoint again until websocketRetryMs has passed.
    const attempts = ws.attempts;
    ws.setDown(true);
    await waitFor(() => stats().mode === "poll", 5_000, "poll mode");
    assertStringIncludes(stats().lastError ?? "", "closed by remote server, closing code 1001");
    // 12:01 closes while the socket is down: REST backfills it.
    await advanceTo(clock, at(12, 2, 3), 1_000);
    await waitFor(() => closed().at(-1)!.openTime === at(12, 1), 5_000, "REST to supply 12:01");
    assert(rest.requests.length > restBefore, "no REST request while the socket was down");
    assertEquals(closed().at(-1), c1201);
    assertEquals(ws.attempts, attempts, "the socket was dialled again before websocketRetryMs");

    // At 12:03 the stream is tried again, is refused, and REST goes on.
    await advanceTo(clock, at(12, 3, 1), 1_000);
    await waitFor(() => ws.refused === 1 && stats().mode === "poll", 5_000, "a refused retry");
    await advanceTo(clock, at(12, 4, 3), 1_000);
    await waitFor(() => closed().at(-1)!.openTime === at(12, 3), 5_000, "REST to supply 12:03");
    assertEquals([stats().mode, ws.refused, ws.subscribers(STREAM)], ["poll", 1, 0]);

    // The socket works again: at the next retry the collector subscribes anew.
    ws.setDown(false);
    const openedBefore = ws.opened;
    await advanceTo(clock, at(12, 5, 5), 1_000);
    await ws.waitSubscribed(STREAM);
    await waitFor(() => stats().mode === "watch", 5_000, "watch mode again");
    assertEquals(ws.opened, openedBefore + 1);
    await waitFor(() => closed().at(-1)!.openTime === at(12, 4), 5_000, "12:04 from REST");
    const c1205 = final(at(12, 5));
    assertEquals(ws.kline(c1205, false), 1);
    await waitFor(() => ticks().at(-1)?.openTime === at(12, 5), 5_000, "the 12:05 tick");
    await advanceTo(clock, at(12, 6, 0), 5_000);
    assertEquals(ws.kline(opening(final(at(12, 6))), false), 1);
    await waitFor(
      () => closed().at(-1)!.openTime === at(12, 5),
      5_000,
      "12:05 closed by the stream",
    );
    assertEquals(closed().at(-1), c1205);
  } finally {
    ac.abort();
    await run;
    await source.close();
    await ws.close();
    await rest.close();
  }

  const all = closed();
  assertEquals(firstHole(all, MIN), null);
  assertEquals(
    new Set(all.map((c) => c.openTime)).size,
    all.length,
    "a candle was published twice",
  );
  assertEquals(all, all.map((c) => final(c.openTime)));
  assertEquals(all.at(-1)!.openTime, at(12, 5));
});
