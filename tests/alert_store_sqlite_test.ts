import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { assertEquals } from "./assert.ts";
import { openSqliteStore } from "../store/mod.ts";
import { outbox } from "./alert_store_contract_fixtures.ts";
import { runAlertStoreContract } from "./alert_store_contract.ts";

let root = "";
let cases = 0;

runAlertStoreContract(
  "sqlite",
  async (hooks) => {
    const store = await openSqliteStore({ dataDir: join(root, `case-${++cases}`), ...hooks });
    return {
      store,
      dispose: () => store.close(),
      // A second connection, as another process or an operator would open it.
      exec: (sql) => {
        const db = new DatabaseSync(store.path);
        try {
          db.exec("PRAGMA busy_timeout = 5000");
          db.exec(sql);
        } finally {
          db.close();
        }
        return Promise.resolve();
      },
    };
  },
  {
    setup: async () => {
      root = await Deno.makeTempDir({ prefix: "ct-alert-store-test-" });
    },
    teardown: async () => {
      await Deno.remove(root, { recursive: true });
    },
  },
);

Deno.test("two sqlite stores on one file claim disjoint outbox rows", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "ct-alert-store-test-" });
  const [a, b] = [await openSqliteStore({ dataDir }), await openSqliteStore({ dataDir })];
  try {
    await a.migrate();
    assertEquals(
      await a.alerts.enqueue(
        Array.from({ length: 30 }, (_, i) => outbox(`n${i}`, { nextAttemptAt: i, createdAt: i })),
        [],
      ),
      30,
    );
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).alerts.claimDue(100, 4, 60_000)),
    );
    const claimed = claims.flat().map((r) => r.id);
    assertEquals(new Set(claimed).size, claimed.length, "no row was claimed twice");
    assertEquals(claimed.sort(), Array.from({ length: 30 }, (_, i) => `n${i}`).sort());
  } finally {
    await Promise.all([a.close(), b.close()]);
    await Deno.remove(dataDir, { recursive: true });
  }
});
