import { assert, assertEquals } from "./assert.ts";
import { openPostgresStore, type PostgresStore } from "../store/mod.ts";
import { SchemaPerCase, withDatabase } from "./fixtures/postgres_db.ts";
import { runAlertStoreContract } from "./alert_store_contract.ts";
import { outbox } from "./alert_store_contract_fixtures.ts";

const db = new SchemaPerCase();

runAlertStoreContract("postgres", (hooks) => db.open(hooks), {
  setup: () => db.setup(),
  teardown: () => db.teardown(),
});

Deno.test("concurrent claimDue calls on postgres never return the same row", async () => {
  await withDatabase(async (url) => {
    const stores: PostgresStore[] = [];
    try {
      for (let i = 0; i < 3; i++) stores.push(await openPostgresStore({ databaseUrl: url }));
      await stores[0]!.migrate();
      for (let round = 0; round < 5; round++) {
        const now = 1_000_000 * (round + 1);
        const rows = Array.from(
          { length: 120 },
          (_, i) => outbox(`r${round}-${i}`, { nextAttemptAt: now - i, createdAt: now - i }),
        );
        assertEquals(await stores[0]!.alerts.enqueue(rows, []), rows.length);
        // 3 stores x 10 pooled connections: 30 claims of 5 race for 120 rows.
        const claims = await Promise.all(
          Array.from({ length: 30 }, (_, i) => stores[i % 3]!.alerts.claimDue(now, 5, 60_000)),
        );
        const claimed = claims.flat().map((r) => r.id);
        assertEquals(
          new Set(claimed).size,
          claimed.length,
          `round ${round}: a row was claimed twice`,
        );
        assert(claimed.length > 0, `round ${round}: nothing claimed`);
        // Whatever a claim skipped is still there for the next one.
        const rest = await stores[1]!.alerts.claimDue(now, 500, 60_000);
        const all = [...claimed, ...rest.map((r) => r.id)];
        assertEquals(all.sort(), rows.map((r) => r.id).sort());
        await Promise.all(all.map((id) => stores[2]!.alerts.markSent(id, now)));
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
