import { join } from "node:path";
import { assert, assertEquals } from "./assert.ts";
import { openSqliteStore, openStore, SQLITE_FILE } from "../store/mod.ts";
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
