import postgres from "postgres";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "./assert.ts";
import { migrate, openStore, StoreConnectionError } from "../store/mod.ts";
import { POSTGRES_MIGRATIONS, POSTGRES_MIGRATIONS_TABLE } from "../store/postgres/migrations.ts";
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

Deno.test("postgres migration 8 counts the signals of progress marks stored before it as published", async () => {
  await withDatabase(async (url) => {
    // A database as a build before migration 8 left it: signals with their progress mark.
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(POSTGRES_MIGRATIONS_TABLE);
      for (const m of POSTGRES_MIGRATIONS.filter((m) => m.version <= 7)) {
        await sql.unsafe(m.sql);
        await sql.unsafe("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
          m.version,
          m.name,
        ]);
      }
      await sql.unsafe(`INSERT INTO signals (strategy, exchange, symbol, timeframe, open_time,
        side, strength, price, reason, indicators) VALUES
        ('rsi', 'binance', 'BTC/USDT', '1m', 60000, 'buy', 0.5, 100, 'old', '{}')`);
      await sql.unsafe(`INSERT INTO paper_progress (account, exchange, symbol, timeframe, open_time)
        VALUES ('default', 'binance', 'BTC/USDT', '1m', 60000)`);
    } finally {
      await sql.end();
    }
    const store = await openStore({ databaseUrl: url, migrate: false });
    try {
      assertEquals((await store.migrate()).applied, [8]);
      assertEquals(await store.unpublishedSignals("default"), []);
    } finally {
      await store.close();
    }
  });
});
