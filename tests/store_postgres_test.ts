import postgres from "postgres";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "./assert.ts";
import { migrate, openPostgresStore, openStore, StoreConnectionError } from "../store/mod.ts";
import { runStoreContract } from "./store_contract.ts";

const SERVER = "postgres://postgres@127.0.0.1:5432";

/** Creates `ct_test_<random>`, runs `fn` with its URL, and drops it whatever happens. */
async function withDatabase(fn: (url: string) => Promise<void>): Promise<void> {
  const name = `ct_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
    try {
      await fn(`${SERVER}/${name}`);
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

// One database for the whole contract; each case gets a fresh schema in it,
// selected through the URL's search_path startup parameter.
let release: (() => void) | undefined;
let running: Promise<void> | undefined;
let databaseUrl = "";
let schemas: postgres.Sql | undefined;
let cases = 0;

runStoreContract(
  "postgres",
  async (hooks) => {
    const schema = `case_${++cases}`;
    await schemas!.unsafe(`CREATE SCHEMA ${schema}`);
    const store = await openPostgresStore({
      databaseUrl: `${databaseUrl}?search_path=${schema}`,
      poolSize: 4,
      ...hooks,
    });
    return {
      store,
      dispose: async () => {
        await store.close();
        await schemas!.unsafe(`DROP SCHEMA ${schema} CASCADE`);
      },
    };
  },
  {
    setup: () => {
      const ready = Promise.withResolvers<void>();
      running = withDatabase(async (url) => {
        databaseUrl = url;
        schemas = postgres(url, { max: 1, onnotice: () => {} });
        ready.resolve();
        await new Promise<void>((resolve) => release = resolve);
        await schemas.end();
      });
      running.catch(ready.reject);
      return ready.promise;
    },
    teardown: async () => {
      release?.();
      await running;
    },
  },
);

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
