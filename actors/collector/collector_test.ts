import { assert, assertEquals } from "../../tests/assert.ts";
import type { Candle, Series } from "../../messages/payloads.ts";
import { ManualClock } from "../../lib/clock.ts";
import { SimSource } from "../../market/sim/mod.ts";
import { Collector } from "./collector.ts";
import type { CollectorOptions } from "./types.ts";
import { advanceTo, firstHole, MemorySink, waitFor } from "./test_support.ts";

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1, 12, 0, 30);
const at = (h: number, m: number) => Date.UTC(2024, 0, 1, h, m);
const btc: Series = { exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" };
const eth: Series = { exchange: "sim", symbol: "ETH/USDT", timeframe: "1m" };

/** The sim, recording when (by the collector's clock) and for what it was asked. */
class RecordingSim extends SimSource {
  calls: { at: number; symbol: string; since: number }[] = [];
  down: Error | null = null;
  constructor(readonly clock: ManualClock) {
    super({ seed: "collector-test" });
  }
  override fetchClosed(s: Series, since: number, limit: number, now: number): Promise<Candle[]> {
    this.calls.push({ at: this.clock.now(), symbol: s.symbol, since });
    if (this.down) return Promise.reject(this.down);
    return super.fetchClosed(s, since, limit, now);
  }
}

function setup(extra: Partial<CollectorOptions> = {}) {
  const clock = new ManualClock(T0);
  const source = new RecordingSim(clock);
  const sink = new MemorySink(() => clock.now());
  const ac = new AbortController();
  const collector = new Collector({
    source,
    sink,
    publish: sink.publish,
    clock,
    watchlist: [btc],
    backfillDepth: 30,
    pageSize: 20,
    backoff: { minMs: 2, maxMs: 10 },
    signal: ac.signal,
    ...extra,
  });
  return { clock, source, sink, ac, collector };
}

const polling = (c: Collector) => () => c.stats().every((s) => s.mode === "poll");

Deno.test("collector backfills from the last stored candle, page by page, stored before published", async () => {
  const { source, sink, ac, collector } = setup({ watchlist: [btc, eth] });
  await sink.upsertCandles([source.candleAt(btc, at(11, 0))]);
  sink.events.length = 0;
  const run = collector.run();
  await waitFor(polling(collector));
  ac.abort();
  await run;

  const got = sink.published("BTC/USDT");
  assertEquals(got.length, 59); // 11:01 … 11:59; 12:00 is still forming at 12:00:30
  assertEquals(got[0]!.openTime, at(11, 1));
  assertEquals(got.at(-1)!.openTime, at(11, 59));
  assertEquals(firstHole(got, MIN), null);
  assertEquals(got, await source.fetchClosed(btc, at(11, 1), 100, T0));
  assertEquals(source.calls.filter((c) => c.symbol === "BTC/USDT")[0]!.since, at(11, 1));
  // Nothing stored for ETH: backfillDepth (30) candles before the current one.
  assertEquals(sink.published("ETH/USDT").map((c) => c.openTime)[0], at(11, 30));
  assertEquals(sink.published("ETH/USDT").length, 30);
  // Every batch was stored before it was published.
  for (const [i, e] of sink.events.entries()) {
    if (e.what !== "candle") continue;
    assert(sink.events.slice(0, i).some((s) => s.what === "store" && s.candles === e.candles));
  }
  const stats = collector.stats().find((s) => s.key === "sim:BTC/USDT:1m")!;
  assertEquals([stats.published, stats.lastClosedOpenTime, stats.mode], [
    59,
    at(11, 59),
    "stopped",
  ]);
});

Deno.test("collector polls just after each candle closes and publishes only closed candles", async () => {
  const { clock, source, sink, ac, collector } = setup({ pollLagMs: 2000 });
  const run = collector.run();
  await waitFor(polling(collector));
  source.calls.length = 0;
  await advanceTo(clock, at(12, 3) + 10_000, 500);
  ac.abort();
  await run;

  assertEquals(source.calls.map((c) => c.at), [
    at(12, 1) + 2000,
    at(12, 2) + 2000,
    at(12, 3) + 2000,
  ]);
  const live = sink.events.filter((e) => e.what === "candle" && e.at > T0);
  assertEquals(live.map((e) => e.candles.map((c) => c.openTime)), [[at(12, 0)], [at(12, 1)], [
    at(12, 2),
  ]]);
  for (const e of live) {
    for (const c of e.candles) assert(c.openTime + MIN <= e.at, "published before close");
  }
  const all = sink.published();
  assertEquals(
    new Set(all.map((c) => c.openTime)).size,
    all.length,
    "a candle was published twice",
  );
});

Deno.test("collector restarted after a gap backfills exactly the missing candles", async () => {
  const first = setup();
  const run1 = first.collector.run();
  await waitFor(polling(first.collector));
  first.ac.abort();
  await run1;

  // Two hours later a new collector on the same store.
  const clock = new ManualClock(T0 + 2 * 3_600_000);
  const ac = new AbortController();
  const sink = first.sink;
  const before = sink.published().length;
  const second = new Collector({
    source: new RecordingSim(clock),
    sink,
    publish: sink.publish,
    clock,
    watchlist: [btc],
    backfillDepth: 30,
    pageSize: 50,
    signal: ac.signal,
  });
  const run2 = second.run();
  await waitFor(polling(second));
  ac.abort();
  await run2;

  const republished = sink.published().slice(before);
  assertEquals(republished[0]!.openTime, at(12, 0));
  assertEquals(republished.at(-1)!.openTime, at(13, 59));
  assertEquals(republished.length, 120);
  const stored = sink.stored(btc);
  assertEquals(firstHole(stored, MIN), null);
  assertEquals(stored.length, 30 + 120);
});

Deno.test("collector rides out an outage of its source and then fills the gap", async () => {
  const { clock, source, sink, ac, collector } = setup({ watchlist: [btc, eth] });
  const run = collector.run();
  await waitFor(polling(collector));
  source.down = new Deno.errors.ConnectionRefused("connection refused (os error 111)");
  await advanceTo(clock, at(12, 5) + 5000, 1000);
  await waitFor(() => collector.stats().every((s) => s.errors >= 3), 5_000, "retries");
  const mid = collector.stats();
  assert(mid.every((s) => s.mode === "backfill" && !s.disabled));
  assertEquals(mid[0]!.lastError, "ConnectionRefused: connection refused (os error 111)");
  source.down = null;
  await waitFor(() => sink.published("ETH/USDT").at(-1)?.openTime === at(12, 4), 5_000, "recovery");
  await waitFor(() => sink.published("BTC/USDT").at(-1)?.openTime === at(12, 4), 5_000, "recovery");
  ac.abort();
  await run;
  for (const s of [btc, eth]) {
    const got = sink.published(s.symbol);
    assertEquals(firstHole(got, MIN), null);
    assertEquals(got.length, 35);
  }
});

Deno.test("collector backs off while the exchange is late with a closed candle", async () => {
  const { clock, source, sink, ac, collector } = setup({ pollLagMs: 2000 });
  const lagging = source.fetchClosed.bind(source);
  // This exchange serves a candle only 30 s after it closes.
  source.fetchClosed = (s, since, limit, now) => lagging(s, since, limit, now - 30_000);
  const run = collector.run();
  await waitFor(polling(collector));
  source.calls.length = 0;
  await advanceTo(clock, at(12, 1) + 40_000, 500);
  ac.abort();
  await run;
  const secondsAfterClose = source.calls.map((c) => (c.at - at(12, 1)) / 1000);
  assertEquals(secondsAfterClose, [2, 4, 8, 16, 32]);
  assertEquals(sink.published().at(-1)!.openTime, at(12, 0));
});
