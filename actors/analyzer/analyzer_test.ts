import { assertEquals } from "../../tests/assert.ts";
import { SimSource } from "../../market/sim/mod.ts";
import {
  analysesOf,
  type Candle,
  candleBatchOf,
  createMessage,
  type Series,
  seriesKey,
} from "../../messages/mod.ts";
import { Analyzer } from "./analyzer.ts";

const series: Series = { exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" };

async function candles(n: number): Promise<Candle[]> {
  const sim = new SimSource({ seed: "analyzer-test" });
  const out = await sim.fetchClosed(series, Date.UTC(2024, 0, 1), n, Number.MAX_SAFE_INTEGER);
  await sim.close();
  return out;
}

/** An analyzer over an in-memory "store" holding `stored`. */
function analyzerOver(stored: Candle[]): Analyzer {
  return new Analyzer({
    source: "test",
    history: async function* (_s, before) {
      yield stored.filter((c) => c.openTime < before);
    },
    hasBetween: (_s, after, before) =>
      Promise.resolve(stored.some((c) => c.openTime > after && c.openTime < before)),
  });
}

const message = (c: Candle) =>
  createMessage("candle", c, { source: "t", key: seriesKey(c), now: 0, id: `c:${c.openTime}` });

Deno.test("a restarted analyzer emits exactly what an uninterrupted one would", async () => {
  const all = await candles(300);
  const uninterrupted = analyzerOver(all);
  const expected = [];
  for (const c of all) expected.push((await uninterrupted.onCandle(message(c), 0))?.payload);
  // A second analyzer starts at candle 200: it rebuilds from the 200 stored before it.
  const restarted = analyzerOver(all);
  for (let i = 200; i < 300; i++) {
    assertEquals((await restarted.onCandle(message(all[i]!), 0))?.payload, expected[i]);
  }
});

Deno.test("an analyzer whose series was handled elsewhere in between rebuilds instead of going on stale", async () => {
  const all = await candles(300);
  const uninterrupted = analyzerOver(all);
  let expected;
  for (const c of all) expected = (await uninterrupted.onCandle(message(c), 0))?.payload;
  // A handles 0..99, B (another process) 100..199, then A gets the series back.
  const a = analyzerOver(all);
  for (const c of all.slice(0, 100)) await a.onCandle(message(c), 0);
  let last;
  for (const c of all.slice(200)) last = (await a.onCandle(message(c), 0))?.payload;
  assertEquals(last, expected);
});

Deno.test("an analyzer skips a redelivered candle it already handled", async () => {
  const all = await candles(30);
  const a = analyzerOver(all);
  for (const c of all) await a.onCandle(message(c), 0);
  assertEquals(await a.onCandle(message(all[10]!), 0), null);
});

const batchOf = (cs: Candle[]) =>
  createMessage("candle_batch", candleBatchOf(cs), { source: "t", key: seriesKey(cs[0]!), now: 0 });

Deno.test("an analyzer fed candle batches emits, row for row, what single candles give, skipping rows it has seen", async () => {
  const all = await candles(700);
  const single = analyzerOver(all);
  const expected = [];
  for (const c of all) expected.push((await single.onCandle(message(c), 0))!.payload);
  const batched = analyzerOver(all);
  const out = [];
  // Pages as a backfill sends them, the next one overlapping the last by 50 rows,
  // after a restart in the middle (a fresh analyzer rebuilds from the store).
  for (const [from, to] of [[0, 300], [250, 400]] as const) {
    const m = await batched.onCandles(batchOf(all.slice(from, to)), 0);
    out.push(...analysesOf(m!.payload));
  }
  const restarted = analyzerOver(all);
  out.push(...analysesOf((await restarted.onCandles(batchOf(all.slice(400)), 0))!.payload));
  assertEquals(out, expected);
  assertEquals(await batched.onCandles(batchOf(all.slice(100, 200)), 0), null, "all seen");
});

Deno.test("an analyzer that forgets a series after a failed publish computes the same analysis on the retry", async () => {
  const all = await candles(300);
  const a = analyzerOver(all);
  for (const c of all.slice(0, 299)) await a.onCandle(message(c), 0);
  const first = await a.onCandle(message(all[299]!), 0);
  assertEquals(await a.onCandle(message(all[299]!), 0), null, "seen: a retry alone would skip it");
  a.forget(all[299]!);
  assertEquals((await a.onCandle(message(all[299]!), 0))?.payload, first?.payload);
  const b = analyzerOver(all);
  const batch = await b.onCandles(batchOf(all.slice(200)), 0);
  b.forget(all[0]!);
  assertEquals((await b.onCandles(batchOf(all.slice(200)), 0))?.payload, batch?.payload);
});
