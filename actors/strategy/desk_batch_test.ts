import { getLogger } from "@logtape/logtape";
import { validateConfig } from "../../config/mod.ts";
import { SimSource } from "../../market/sim/mod.ts";
import type { Analysis, Candle, Series } from "../../messages/mod.ts";
import { parsePaperConfig } from "../../paper/config.ts";
import { candleHistory, hasCandlesBetween } from "../../store/history.ts";
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import { openStore, type Store } from "../../store/mod.ts";
import { SQLITE_FILE } from "../../store/sqlite/store.ts";
import { StoreBusyError } from "../../store/errors.ts";
import { resolveStrategies } from "../../strategies/mod.ts";
import { analyse } from "../../strategies/replay.ts";
import { assert, assertEquals } from "../../tests/assert.ts";
import { type DeskStore, TradingDesk } from "./desk.ts";

// The embedded SQLite store (a file in a temporary directory, no service):
// batches must leave exactly what one analysis at a time leaves.

const strategies = resolveStrategies(validateConfig({}).strategies);
const paper = parsePaperConfig({
  stake: { mode: "fixed", amount: 500 },
  stopLoss: 0.01,
  takeProfit: 0.015,
  trailingStop: 0.012,
});
const SERIES: Series = { exchange: "sim", symbol: "BTC/USDT", timeframe: "1m" };

async function simulated(n: number): Promise<{ candles: Candle[]; analyses: Analysis[] }> {
  const sim = new SimSource({ seed: "desk-batch" });
  const candles = await sim.fetchClosed(SERIES, Date.UTC(2024, 0, 1), n, Number.MAX_SAFE_INTEGER);
  await sim.close();
  return { candles, analyses: analyse(candles) };
}

/** A desk over `store`, its writes through `writes` when given. */
function openDesk(store: Store, writes: DeskStore = store): Promise<TradingDesk> {
  return TradingDesk.open({
    strategies,
    paper,
    store: writes,
    history: (s, before) => candleHistory(store, s, before),
    hasBetween: (s, after, before) => hasCandlesBetween(store, s, after, before),
    log: getLogger(["ct", "test"]),
  });
}

/** Everything the desk stored, ids and all. */
async function stored(store: Store) {
  return {
    signals: (await store.signals({ limit: 10_000 })).map(({ id: _, ...s }) => s),
    orders: await store.orders({ limit: 10_000 }),
    trades: await store.trades({ limit: 10_000 }),
    positions: await store.positions(),
    wallet: await store.wallet(paper.account),
  };
}

async function withStore<T>(candles: Candle[], body: (store: Store) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "ct-desk-batch-" });
  const store = await openStore({ dataDir: dir });
  try {
    await store.upsertCandles(candles);
    return await body(store);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** What one desk fed every analysis, one at a time, stores. */
function uninterrupted(candles: Candle[], analyses: Analysis[]) {
  return withStore(candles, async (store) => {
    const desk = await openDesk(store);
    for (const a of analyses) await desk.onAnalysis(a);
    return await stored(store);
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

Deno.test("a desk fed batches stores the signals, fills and wallet that one at a time stores", async () => {
  const { candles, analyses } = await simulated(1_500);
  const single = await withStore(candles, async (store) => {
    const desk = await openDesk(store);
    for (const a of analyses) await desk.onAnalysis(a);
    return { ...await stored(store), counts: [desk.signals, desk.fills] };
  });
  const batched = await withStore(candles, async (store) => {
    const desk = await openDesk(store);
    const published = [];
    for (const batch of chunks(analyses, 97)) published.push(...await desk.onAnalyses(batch));
    assertEquals(published.length, desk.signals, "every stored signal is returned to publish");
    return { ...await stored(store), counts: [desk.signals, desk.fills] };
  });
  assert(single.orders.length > 10, `expected fills, got ${single.orders.length}`);
  assert(single.trades.length > 3, `expected closed trades, got ${single.trades.length}`);
  assertEquals(batched, single);
});

Deno.test("a desk handed again the analyses a crashed run stored skips them: nothing is stored or published twice", async () => {
  const { candles, analyses } = await simulated(1_200);
  const reference = await withStore(candles, async (store) => {
    const desk = await openDesk(store);
    for (const batch of chunks(analyses, 100)) await desk.onAnalyses(batch);
    return await stored(store);
  });
  const recovered = await withStore(candles, async (store) => {
    // A first run stores 700 analyses' worth, then "crashes" before its acks.
    const first = await openDesk(store);
    for (const batch of chunks(analyses.slice(0, 700), 100)) await first.onAnalyses(batch);
    // The restarted desk is handed the unacknowledged 500..699 again, in other batches.
    const second = await openDesk(store);
    const again = [];
    for (const batch of chunks(analyses.slice(500), 150)) {
      again.push(...await second.onAnalyses(batch));
    }
    const repeated = again.filter((s) => s.openTime < analyses[700]!.openTime);
    assertEquals(repeated, [], "signals stored by the first run are not published again");
    return await stored(store);
  });
  assert(
    reference.orders.some((o) => o.time >= analyses[500]!.openTime),
    "fills in the redo range",
  );
  assertEquals(recovered, reference);
});

Deno.test("a desk handed again, one at a time, the analyses a crashed run stored one at a time ends where an uninterrupted run ends", async () => {
  const { candles, analyses } = await simulated(1_200);
  const reference = await uninterrupted(candles, analyses);
  const recovered = await withStore(candles, async (store) => {
    const first = await openDesk(store);
    for (const a of analyses.slice(0, 700)) await first.onAnalysis(a);
    // Redeliveries come singly; then the rest arrives in batches.
    const second = await openDesk(store);
    const again = [];
    for (const a of analyses.slice(500, 800)) again.push(...await second.onAnalysis(a));
    for (const batch of chunks(analyses.slice(800), 150)) {
      again.push(...await second.onAnalyses(batch));
    }
    const repeated = again.filter((s) => s.openTime < analyses[700]!.openTime);
    assertEquals(repeated, [], "signals stored by the first run are not published again");
    return await stored(store);
  });
  assert(
    reference.orders.some((o) =>
      o.time >= analyses[500]!.openTime && o.time < analyses[700]!.openTime
    ),
    "fills in the redo range",
  );
  assertEquals(recovered, reference);
});

Deno.test("a store whose fills predate progress marks gets marks from them, so a redelivery resumes after the last fill", async () => {
  const { candles, analyses } = await simulated(1_200);
  const reference = await uninterrupted(candles, analyses);
  const dir = await Deno.makeTempDir({ prefix: "ct-desk-legacy-" });
  try {
    const first = await openStore({ dataDir: dir });
    await first.upsertCandles(candles);
    const desk = await openDesk(first);
    for (const a of analyses.slice(0, 700)) await desk.onAnalysis(a);
    await first.close();
    // As an older build left it: fills stored, no marks, migration 7 not applied.
    const db = new DatabaseSync(join(dir, SQLITE_FILE));
    db.exec("DELETE FROM paper_progress; DELETE FROM schema_migrations WHERE version = 7");
    db.close();
    const store = await openStore({ dataDir: dir });
    try {
      const second = await openDesk(store);
      for (const batch of chunks(analyses.slice(500), 150)) await second.onAnalyses(batch);
      assertEquals(await stored(store), reference);
    } finally {
      await store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a desk whose store write failed redoes the batch when it is handed it again, as if it never failed", async () => {
  const { candles, analyses } = await simulated(1_200);
  const reference = await uninterrupted(candles, analyses);
  const retried = await withStore(candles, async (store) => {
    let refused = 0;
    // The store refuses the second and third transactions, as a locked
    // SQLite file or a PostgreSQL restart would; the bus retries the batch.
    let calls = 0;
    const desk = await openDesk(store, {
      applyTrading: (writes) =>
        ++calls >= 2 && refused < 2
          ? (refused++,
            Promise.reject(new StoreBusyError("test.db", new Error("database is locked"))))
          : store.applyTrading(writes),
      tradingProgress: (account, series) => store.tradingProgress(account, series),
      wallet: (account) => store.wallet(account),
      positions: (account) => store.positions(account),
    });
    for (const batch of chunks(analyses, 100)) {
      for (;;) {
        try {
          await desk.onAnalyses(batch);
          break;
        } catch (e) {
          assert(e instanceof StoreBusyError, String(e));
        }
      }
    }
    assertEquals(refused, 2, "the failures happened");
    return await stored(store);
  });
  assertEquals(retried, reference);
});
