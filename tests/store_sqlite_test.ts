import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { assert, assertEquals } from "./assert.ts";
import { openSqliteStore, openStore, SQLITE_FILE } from "../store/mod.ts";
import { SQLITE_MIGRATIONS, SQLITE_MIGRATIONS_TABLE } from "../store/sqlite/migrations.ts";
import { runStoreContract } from "./store_contract.ts";

let root = "";
let cases = 0;

runStoreContract(
  "sqlite",
  async (hooks) => {
    const store = await openSqliteStore({ dataDir: join(root, `case-${++cases}`), ...hooks });
    return { store, dispose: () => store.close() };
  },
  {
    setup: async () => {
      root = await Deno.makeTempDir({ prefix: "ct-store-test-" });
    },
    teardown: async () => {
      await Deno.remove(root, { recursive: true });
    },
  },
);

Deno.test("openStore without a databaseUrl creates the data directory, uses WAL and migrates", async () => {
  const root = await Deno.makeTempDir({ prefix: "ct-store-test-" });
  try {
    const dataDir = join(root, "nested", "data");
    const store = await openStore({ dataDir });
    try {
      assertEquals(store.backend, "sqlite");
      assert((await Deno.stat(join(dataDir, SQLITE_FILE))).isFile);
      assertEquals((await store.migrate()).applied, [], "openStore already migrated");
      await store.upsertCandles([
        {
          exchange: "x",
          symbol: "A/B",
          timeframe: "1m",
          openTime: 0,
          open: 1,
          high: 1,
          low: 1,
          close: 1,
          volume: 1,
        },
      ]);
      // WAL keeps uncheckpointed writes in a side file next to the database.
      assert((await Deno.stat(join(dataDir, `${SQLITE_FILE}-wal`))).isFile);
    } finally {
      await store.close();
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migration 8 counts the signals of progress marks stored before it as published", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ct-store-m8-" });
  const db = new DatabaseSync(join(dir, SQLITE_FILE));
  try {
    // A store as a build before migration 8 left it: signals with their progress mark.
    db.exec(SQLITE_MIGRATIONS_TABLE);
    const record = db.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version <= 7)) {
      db.exec(m.sql);
      record.run(m.version, m.name);
    }
    db.exec(`INSERT INTO signals (strategy, exchange, symbol, timeframe, open_time, side,
      strength, price, reason, indicators) VALUES
      ('rsi', 'binance', 'BTC/USDT', '1m', 60000, 'buy', 0.5, 100, 'old', '{}')`);
    db.exec(`INSERT INTO paper_progress (account, exchange, symbol, timeframe, open_time)
      VALUES ('default', 'binance', 'BTC/USDT', '1m', 60000)`);
  } finally {
    db.close();
  }
  const store = await openSqliteStore({ dataDir: dir });
  try {
    assertEquals((await store.migrate()).applied, [8]);
    assertEquals(await store.unpublishedSignals("default"), []);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
