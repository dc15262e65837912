import { getLogger } from "@logtape/logtape";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { captureLogs } from "../../tests/log_capture.ts";
import type { Candle, Series } from "../../messages/payloads.ts";
import { ManualClock } from "../../lib/clock.ts";
import { SimSource } from "../../market/sim/mod.ts";
import { Collector } from "./collector.ts";
import { type CollectorAlert, CollectorFatalError, type CollectorOptions } from "./types.ts";
import { advanceTo, firstHole, MemorySink, waitFor } from "./test_support.ts";

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 12, 0, 30);
const at = (h: number, m: number) => Date.UTC(2024, 0, 1, h, m);
const btc: Series = { exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" };
const eth: Series = { exchange: "sim", symbol: "ETH/USDT", timeframe: "1m" };

class AuthenticationError extends Error {}

/** The sim with hooks to damage candles or fail, as an unreliable exchange would. */
class DamagedSim extends SimSource {
  damage: (c: Candle, fetchNo: number) => Candle = (c) => c;
  fail: ((s: Series) => Error | null) | null = null;
  fetches = 0;
  override async fetchClosed(s: Series, since: number, limit: number, now: number) {
    const err = this.fail?.(s);
    if (err) throw err;
    const n = ++this.fetches;
    return (await super.fetchClosed(s, since, limit, now)).map((c) => this.damage(c, n));
  }
}

function setup(source: DamagedSim, extra: Partial<CollectorOptions> = {}) {
  const clock = new ManualClock(T0);
  const sink = new MemorySink(() => clock.now());
  const ac = new AbortController();
  const alerts: CollectorAlert[] = [];
  const collector = new Collector({
    source,
    sink,
    publish: sink.publish,
    clock,
    watchlist: [btc],
    backfillDepth: 30,
    backoff: { minMs: 2, maxMs: 10 },
    onAlert: (a) => alerts.push(a),
    signal: ac.signal,
    ...extra,
  });
  return { clock, sink, ac, alerts, collector };
}

Deno.test("collector disables an unknown symbol with a suggestion and keeps the others going", async () => {
  const source = new DamagedSim({ seed: "errors" });
  const bad: Series = { ...btc, symbol: "btcusdt" };
  const { clock, sink, ac, alerts, collector } = setup(source, { watchlist: [bad, eth] });
  const run = collector.run();
  await waitFor(() => collector.stats()[1]!.mode === "poll");
  await advanceTo(clock, at(12, 2) + 5000);
  ac.abort();
  await run;
  const [badStats, ethStats] = collector.stats();
  assertEquals([badStats!.disabled, badStats!.mode], [true, "disabled"]);
  assertEquals(alerts.length, 1);
  assertEquals(alerts[0]!.name, "CollectorSymbolDisabled");
  assertEquals(alerts[0]!.labels.symbol, "btcusdt");
  assert(alerts[0]!.summary.includes("did you mean BTC/USDT?"), alerts[0]!.summary);
  assertEquals(ethStats!.disabled, false);
  assertEquals(sink.published("ETH/USDT").at(-1)!.openTime, at(12, 1));
  assertEquals(sink.published("btcusdt"), []);
});

Deno.test("collector stops with a clear error when the exchange refuses its credentials", async () => {
  const source = new DamagedSim({ seed: "errors" });
  source.fail = (s) =>
    s.symbol === "ETH/USDT" ? new AuthenticationError('binance {"code":-2015}') : null;
  const { alerts, collector } = setup(source, { watchlist: [btc, eth] });
  const err = await assertRejects(() => collector.run(), "authentication failed at sim");
  assert(err instanceof CollectorFatalError);
  assert(err.message.includes("Check the exchange API key"));
  assertEquals(alerts.map((a) => [a.name, a.severity]), [["CollectorAuthFailed", "critical"]]);
  assert(collector.stats().every((s) => s.mode === "stopped"));
});

Deno.test("collector rejects and counts invalid candles and goes on with the series", async () => {
  const source = new DamagedSim({ seed: "errors" });
  source.damage = (c) => {
    if (c.openTime === at(11, 40)) return { ...c, close: NaN };
    if (c.openTime === at(11, 45)) return { ...c, high: c.low - 1 };
    if (c.openTime === at(11, 50)) return { ...c, openTime: c.openTime + 1 };
    if (c.openTime === at(11, 52)) return { ...c, volume: -1 };
    return c;
  };
  const { clock, sink, ac, collector } = setup(source);
  const run = collector.run();
  await waitFor(() => collector.stats()[0]!.mode === "poll");
  await advanceTo(clock, at(12, 3) + 5000);
  ac.abort();
  await run;
  assertEquals(collector.rejectedCount, 4);
  assertEquals(collector.stats()[0]!.rejected, 4);
  const got = sink.published().map((c) => c.openTime);
  for (const m of [40, 45, 50, 52]) assert(!got.includes(at(11, m)), `11:${m} was published`);
  assertEquals(got.length, 30 - 4 + 3);
  assertEquals(got.at(-1), at(12, 2));
});

Deno.test("collector stores a late correction without publishing the candle again", async () => {
  const source = new DamagedSim({ seed: "errors" });
  let corrected = false;
  source.damage = (c) => corrected && c.openTime === at(12, 0) ? { ...c, volume: c.volume + 1 } : c;
  const { clock, sink, ac, collector } = setup(source);
  const run = collector.run();
  await waitFor(() => collector.stats()[0]!.mode === "poll");
  await advanceTo(clock, at(12, 1) + 5000); // 12:00 is published
  corrected = true; // the exchange revises 12:00; the 12:02 poll re-reads it as overlap
  await advanceTo(clock, at(12, 2) + 5000);
  ac.abort();
  await run;
  const published = sink.published();
  assertEquals(published.filter((c) => c.openTime === at(12, 0)).length, 1);
  const stored = sink.stored(btc).find((c) => c.openTime === at(12, 0))!;
  assertEquals(stored.volume, published.find((c) => c.openTime === at(12, 0))!.volume + 1);
  assertEquals(collector.stats()[0]!.corrections, 1);
  assertEquals(firstHole(published, MIN), null);
});

Deno.test("storing and publishing retry within localBackoffMaxMs, however long the exchange back-off grows", async () => {
  await using logs = await captureLogs(["ct", "test", "collector"], "warning");
  let storeFailures = 5;
  let publishFailures = 5;
  let forward: CollectorOptions["publish"] = () => Promise.resolve();
  const { sink, ac, collector } = setup(new DamagedSim({ seed: "errors" }), {
    // Uncapped, the fourth wait would be 40 × 4³ ms = 2.6 s or more.
    backoff: { minMs: 40, maxMs: 60_000, factor: 4 },
    localBackoffMaxMs: 50,
    logger: getLogger(["ct", "test", "collector"]),
    publish: (candles, kind) =>
      publishFailures-- > 0 ? Promise.reject(new Error("bus unreachable")) : forward(candles, kind),
  });
  forward = sink.publish;
  const store = sink.upsertCandles.bind(sink);
  sink.upsertCandles = (candles) =>
    storeFailures-- > 0 ? Promise.reject(new Error("storage unreachable")) : store(candles);
  const run = collector.run();
  await waitFor(() => collector.stats()[0]!.mode === "poll", 5_000, "the backfill committed");
  ac.abort();
  await run;
  assertEquals(sink.published().length, 30);
  const waits = logs.records.map((r) => [String(r.properties.what), Number(r.properties.secs)]);
  assertEquals(waits.map(([what]) => String(what).split(" ")[0]), [
    ...Array(5).fill("storing"),
    ...Array(5).fill("publishing"),
  ]);
  assert(waits.every(([, secs]) => (secs as number) <= 0.05), JSON.stringify(waits));
});
