/**
 * `Store.dataVersion`, which the API's response cache trusts: on SQLite it
 * moves with every committed write, this connection's or another's, and
 * stays put across reads; PostgreSQL does not offer one (nothing is cached).
 */
import { DatabaseSync } from "node:sqlite";
import { join } from "node:path";
import type { Signal } from "../messages/mod.ts";
import { openStore, SQLITE_FILE } from "../store/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import { withDatabase } from "./fixtures/postgres_db.ts";

function signal(openTime: number): Signal {
  return {
    exchange: "binance",
    symbol: "BTC/USDT",
    timeframe: "1m",
    strategy: "ema_cross",
    openTime,
    side: "buy",
    strength: 1,
    price: 1,
    reason: "test",
    indicators: {},
  };
}

Deno.test("the sqlite data version moves with every committed write from any connection, not with reads", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "ct-data-version-" });
  const store = await openStore({ dataDir });
  const other = await openStore({ dataDir, migrate: false });
  const raw = new DatabaseSync(join(dataDir, SQLITE_FILE));
  try {
    const version = () => store.dataVersion!();
    const start = version();
    await store.signals({ limit: 10 });
    await store.candles({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" });
    assertEquals(version(), start, "reads leave it");

    await store.insertSignal(signal(0));
    const afterOwn = version();
    assert(afterOwn !== start, "its own write");
    await store.insertSignal(signal(0));
    assertEquals(version(), afterOwn, "a duplicate that wrote nothing");

    await other.insertSignal(signal(60_000));
    const afterOther = version();
    assert(afterOther !== afterOwn, "another store's write");

    raw.exec("UPDATE signals SET price = 2");
    assert(version() !== afterOther, "another connection's raw update");
    assertEquals(version(), version());
  } finally {
    raw.close();
    await other.close();
    await store.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("with a max age the sqlite data version shows this connection's writes at once and others' once it has passed", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "ct-data-version-" });
  const store = await openStore({ dataDir });
  const other = await openStore({ dataDir, migrate: false });
  try {
    const lazy = () => store.dataVersion!(Infinity);
    const start = lazy();
    await other.insertSignal(signal(0));
    assertEquals(lazy(), start, "another connection's write waits for the next reading");
    await store.insertSignal(signal(60_000));
    const afterOwn = lazy();
    assert(afterOwn !== start, "its own write shows at once");
    assert(store.dataVersion!(0) !== afterOwn, "a reading with no max age sees the other write");
    const before = store.dataVersion!(0);
    await other.insertSignal(signal(120_000));
    await new Promise((resolve) => setTimeout(resolve, 6));
    assert(store.dataVersion!(5) !== before, "past the max age the other write shows");
  } finally {
    await other.close();
    await store.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("the postgres store offers no data version, so nothing is cached over it", async () => {
  await withDatabase(async (url) => {
    const store = await openStore({ databaseUrl: url, poolSize: 1 });
    try {
      assertEquals(store.dataVersion, undefined);
    } finally {
      await store.close();
    }
  });
});
