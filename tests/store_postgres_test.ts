import postgres from "postgres";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "./assert.ts";
import { migrate, openStore, StoreConnectionError } from "../store/mod.ts";
import { SchemaPerCase, withDatabase } from "./fixtures/postgres_db.ts";
import { runStoreContract } from "./store_contract.ts";

const db = new SchemaPerCase();

runStoreContract("postgres", (hooks) => db.open(hooks), {
  setup: () => db.setup(),
  teardown: () => db.teardown(),
});

Deno.test("two processes migrating postgres at once both succeed and apply each migration once", async () => {
  await withDatabase(async (url) => {
    const [a, b] = await Promise.all([
      openStore({ databaseUrl: url, migrate: false, poolSize: 2 }),
      openStore({ databaseUrl: url, migrate: false, poolSize: 2 }),
    ]);
    try {
      assertEquals(a.backend, "postgres");
      const [ra, rb] = await Promise.all([a.migrate(), b.migrate(), a.migrate(), b.migrate()]);
      assertEquals(ra!.current, rb!.current);
      const sql = postgres(url, { max: 1 });
      try {
        const rows = await sql`SELECT version FROM schema_migrations ORDER BY version`;
        assertEquals(
          rows.map((r) => r.version),
          Array.from({ length: ra!.current }, (_, i) => i + 1),
        );
      } finally {
        await sql.end();
      }
      assertEquals(await migrate({ databaseUrl: url }), { applied: [], current: ra!.current });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

Deno.test("postgres on an unreachable port fails fast naming host and port, password redacted", async () => {
  // A port that was just free: bind, read, release.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const started = performance.now();
  const error = await assertRejects(
    () =>
      openStore({
        databaseUrl: `postgres://app:s3cret@127.0.0.1:${port}/ct`,
        connectTimeoutSeconds: 3,
      }),
    `127.0.0.1:${port}/ct`,
  );
  assert(performance.now() - started < 3000, `took ${performance.now() - started} ms`);
  assert(error instanceof StoreConnectionError, `got ${error.name}: ${error.message}`);
  assertStringIncludes(error.message, "app:***@");
  assert(!error.message.includes("s3cret"), error.message);
});
