/**
 * The collector with the real ccxt code against a local fake Binance:
 * paging, history gaps, rate limits, server errors, timeouts, malformed
 * JSON and unknown symbols.
 */
import { assert, assertEquals } from "./assert.ts";
import { captureLogs } from "./log_capture.ts";
import { FakeBinance, type FakeBinanceOptions } from "./fakes/binance_server.ts";
import type { Candle, Series } from "../messages/payloads.ts";
import { ManualClock } from "../lib/clock.ts";
import { suggestSymbols } from "../market/suggest.ts";
import { openCcxtSource } from "../market/ccxt/mod.ts";
import { Collector } from "../actors/collector/collector.ts";
import type { CollectorAlert } from "../actors/collector/types.ts";
import { firstHole, MemorySink, waitFor } from "../actors/collector/test_support.ts";

const MIN = 60_000;
const NOW = Date.UTC(2024, 0, 2, 12, 0, 20);
const at = (h: number, m: number) => Date.UTC(2024, 0, 2, h, m);
const series = (symbol: string): Series => ({ exchange: "binance", symbol, timeframe: "1m" });
const btc = series("BTC/USDT");
const eth = series("ETH/USDT");

/** Runs a collector over the fake until `done` holds (or fails after 10 s), then stops it. */
async function collect(
  options: Partial<FakeBinanceOptions> & {
    watchlist?: Series[];
    backfillDepth?: number;
    before?: (fake: FakeBinance) => void;
    done?: (sink: MemorySink, collector: Collector) => boolean;
  } = {},
) {
  const clock = new ManualClock(NOW);
  const fake = FakeBinance.start({ now: () => clock.now(), maxLimit: 50, ...options });
  const source = await openCcxtSource({
    restBaseUrl: fake.url,
    websocket: false,
    timeoutMs: 600,
    rateLimitMs: 1,
  });
  const sink = new MemorySink(() => clock.now());
  const alerts: CollectorAlert[] = [];
  const ac = new AbortController();
  const collector = new Collector({
    source,
    sink,
    publish: sink.publish,
    clock,
    watchlist: options.watchlist ?? [btc],
    backfillDepth: options.backfillDepth ?? 120,
    backoff: { minMs: 20, maxMs: 100 },
    onAlert: (a) => alerts.push(a),
    signal: ac.signal,
  });
  options.before?.(fake);
  const run = collector.run();
  try {
    const done = options.done ??
      ((_, c) => c.stats().every((s) => s.mode === "poll" || s.disabled));
    await waitFor(() => done(sink, collector), 10_000, "the collector to catch up");
  } finally {
    ac.abort();
    await run;
    await source.close();
    await fake.close();
  }
  return { fake, sink, alerts, collector, source };
}

/** What the fake holds for a series between two open times, as candles. */
function expected(fake: FakeBinance, s: Series, from: number, to: number): Candle[] {
  const out: Candle[] = [];
  for (let t = from; t < to; t += MIN) {
    const c = fake.candle(s.symbol, s.timeframe, t);
    if (c) out.push({ ...c, exchange: s.exchange });
  }
  return out;
}

const klines = (fake: FakeBinance) => fake.requests.filter((r) => r.path === "/api/v3/klines");

Deno.test("ccxt backfill pages through the exchange's limit and gets every candle", async () => {
  const { fake, sink } = await collect({ backfillDepth: 180 });
  assertEquals(sink.published(), expected(fake, btc, at(9, 0), at(12, 0)));
  assert(klines(fake).length >= 4, `only ${klines(fake).length} klines requests`);
  assertEquals(
    new Set(fake.requests.map((r) => r.path)),
    new Set(["/api/v3/exchangeInfo", "/api/v3/klines"]),
  );
});

Deno.test("ccxt backfill skips a hole in the exchange's history and counts it", async () => {
  const { fake, sink, collector } = await collect({
    gaps: [{ symbol: "BTC/USDT", from: at(10, 30), to: at(11, 5) }],
  });
  const got = sink.published();
  assertEquals(got, expected(fake, btc, at(10, 0), at(12, 0)));
  assertEquals(got.length, 120 - 35);
  assertEquals(collector.stats()[0]!.gaps, 1);
});

Deno.test("ccxt waits out a 429 for its Retry-After and then gets the data", async () => {
  const { fake, sink, collector } = await collect({
    before: (f) => f.fail({ kind: "429", retryAfterSeconds: 1 }, 1, "/api/v3/klines"),
  });
  const reqs = klines(fake);
  const limited = reqs.findIndex((r) => r.status === 429);
  assert(limited >= 0);
  const waited = reqs[limited + 1]!.at - reqs[limited]!.at;
  assert(waited >= 990, `retried after ${waited.toFixed(0)} ms, Retry-After was 1 s`);
  assertEquals(sink.published(), expected(fake, btc, at(10, 0), at(12, 0)));
  assertEquals(collector.stats()[0]!.errors, 1);
});

Deno.test("ccxt recovers from server errors, a timeout and malformed JSON with data complete", async () => {
  const capture = await captureLogs(["ct"]);
  const logs = capture.records;
  try {
    const { fake, sink, collector } = await collect({
      watchlist: [btc, eth],
      before: (f) => {
        f.fail({ kind: "5xx", status: 502 }, 2, "/api/v3/klines");
        f.fail({ kind: "delay", ms: 1_500 }, 1, "/api/v3/klines");
        f.fail({ kind: "malformed" }, 2, "/api/v3/klines");
      },
    });
    assertEquals(fake.pendingFailures, 0);
    for (const s of [btc, eth]) {
      const got = sink.published(s.symbol);
      assertEquals(got, expected(fake, s, at(10, 0), at(12, 0)));
      assertEquals(firstHole(got, MIN), null);
    }
    const errors = collector.stats().reduce((n, s) => n + s.errors, 0);
    assertEquals(errors, 5);
    const lines = logs.map((r) => r.message.map(String).join(""));
    const unreachable = lines.filter((l) => l.startsWith("exchange unreachable: ccxt:binance:"));
    assert(
      unreachable.some((l) => /timed out \(600 ms\).*retrying in [\d.]+s$/.test(l)),
      lines.join("\n"),
    );
    assert(unreachable.some((l) => l.includes("502")), lines.join("\n"));
    assert(
      lines.some((l) =>
        l.startsWith("bad response from ccxt:binance:") && l.includes("malformed JSON")
      ),
      lines.join("\n"),
    );
  } finally {
    await capture[Symbol.asyncDispose]();
  }
});

Deno.test("ccxt disables unknown and delisted symbols with suggestions while others continue", async () => {
  const { sink, alerts, collector, fake, source } = await collect({
    delisted: ["LUNA/USDT"],
    watchlist: [series("BTC/USDTT"), series("LUNA/USDT"), eth],
  });
  const [typo, delisted, ok] = collector.stats();
  assert(typo!.disabled && delisted!.disabled && !ok!.disabled);
  assertEquals(alerts.map((a) => a.labels.symbol).sort(), ["BTC/USDTT", "LUNA/USDT"]);
  const typoAlert = alerts.find((a) => a.labels.symbol === "BTC/USDTT")!;
  assert(typoAlert.summary.includes("did you mean BTC/USDT?"), typoAlert.summary);
  const lunaAlert = alerts.find((a) => a.labels.symbol === "LUNA/USDT")!;
  assert(lunaAlert.summary.includes("Invalid symbol."), lunaAlert.summary);
  assertEquals(sink.published("ETH/USDT"), expected(fake, eth, at(10, 0), at(12, 0)));
  const markets = source.exchange.symbols;
  assertEquals(suggestSymbols("BTC/USDTT", markets), ["BTC/USDT"]);
  assertEquals(suggestSymbols("eth-usdt", markets), ["ETH/USDT"]);
});

Deno.test("ccxt with no exchange reachable logs it, keeps retrying and stops cleanly", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close(); // nothing listens there now: connections are refused
  const capture = await captureLogs(["ct"], "warning");
  const logs = () => capture.records.map((r) => r.message.map(String).join(""));
  const source = await openCcxtSource({
    restBaseUrl: `http://127.0.0.1:${port}`,
    websocket: false,
    timeoutMs: 300,
    rateLimitMs: 1,
  });
  const clock = new ManualClock(NOW);
  const sink = new MemorySink(() => clock.now());
  const ac = new AbortController();
  const collector = new Collector({
    source,
    sink,
    publish: sink.publish,
    clock,
    watchlist: [btc, eth],
    backfillDepth: 10,
    backoff: { minMs: 10, maxMs: 40 },
    signal: ac.signal,
  });
  const run = collector.run();
  try {
    await waitFor(() => collector.stats().every((s) => s.errors >= 3), 5_000, "retries");
    assert(collector.stats().every((s) => !s.disabled && s.mode === "backfill"));
    assert(
      logs().some((l) => /^exchange unreachable: ccxt:binance: .*retrying in [\d.]+s$/.test(l)),
      logs().join("\n"),
    );
  } finally {
    ac.abort();
    await run;
    await source.close();
    await capture[Symbol.asyncDispose]();
  }
  assertEquals(sink.published(), []);
});
