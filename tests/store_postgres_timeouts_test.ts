/**
 * The PostgreSQL store's lock and statement timeouts against a real server:
 * another session holds a lock, and a store operation that waits on it
 * fails as retryable instead of holding its caller (and the bus message
 * behind it) without end; migrations queue behind each other regardless.
 */
import postgres from "postgres";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "./assert.ts";
import { RetryableError } from "../lib/errors.ts";
import { openStore, type Store, StoreBusyError, StoreTimeoutError } from "../store/mod.ts";
import { createPgClient } from "../store/postgres/connection.ts";
import { POSTGRES_MIGRATION_LOCK } from "../store/postgres/migrations.ts";
import { getLogger } from "@logtape/logtape";
import { withDatabase } from "./fixtures/postgres_db.ts";
import { BTC, candle } from "./store_contract_fixtures.ts";

/**
 * Runs `fn` while another session holds `lockSql` in an open transaction;
 * the transaction ends (releasing the lock) when `fn` settles.
 */
async function whileLocked<T>(url: string, lockSql: string, fn: () => Promise<T>): Promise<T> {
  const holder = postgres(url, { max: 1, onnotice: () => {} });
  const locked = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  const held = holder.begin(async (tx) => {
    await tx.unsafe(lockSql);
    locked.resolve();
    await release.promise;
  });
  held.catch(locked.reject);
  try {
    await locked.promise;
    return await fn();
  } finally {
    release.resolve();
    await held;
    await holder.end();
  }
}

async function withStore(
  options: { lockTimeoutMs: number; statementTimeoutMs: number },
  fn: (store: Store, url: string) => Promise<void>,
): Promise<void> {
  await withDatabase(async (url) => {
    const store = await openStore({ databaseUrl: url, poolSize: 2, ...options });
    try {
      await fn(store, url);
    } finally {
      await store.close();
    }
  });
}

const LOCK_CANDLES = "LOCK TABLE candles IN ACCESS EXCLUSIVE MODE";
const log = getLogger(["ct", "test", "store"]);

Deno.test("a postgres write blocked by another session's lock fails as a retryable StoreBusyError after the lock timeout, then succeeds", async () => {
  await withStore({ lockTimeoutMs: 100, statementTimeoutMs: 0 }, async (store, url) => {
    const error = await whileLocked(
      url,
      LOCK_CANDLES,
      () => assertRejects(() => store.upsertCandles([candle(BTC, 0)])),
    );
    assert(error instanceof StoreBusyError, `${error.name}: ${error.message}`);
    assert(error instanceof RetryableError);
    assertStringIncludes(error.message, "lock timeout");
    assertStringIncludes(error.message, "127.0.0.1:5432");

    // Nothing was half-written, and the same write passes once the lock is gone.
    assertEquals(await store.candles(BTC), []);
    await store.upsertCandles([candle(BTC, 0)]);
    assertEquals(await store.candles(BTC), [candle(BTC, 0)]);
  });
});

Deno.test("a postgres statement past the statement timeout is cancelled as a retryable StoreTimeoutError naming the operation", async () => {
  // The lock wait would outlast the test: the statement timeout ends it.
  await withStore({ lockTimeoutMs: 600_000, statementTimeoutMs: 150 }, async (store, url) => {
    await store.upsertCandles([candle(BTC, 0)]);
    const error = await whileLocked(
      url,
      LOCK_CANDLES,
      () => assertRejects(() => store.candles(BTC)),
    );
    assert(error instanceof StoreTimeoutError, `${error.name}: ${error.message}`);
    assert(error instanceof RetryableError);
    assertEquals(error.operation, "candles.range");
    assertStringIncludes(error.message, "candles.range after the statement timeout of 150 ms");
    assertEquals(await store.candles(BTC), [candle(BTC, 0)]);
  });
});

Deno.test("postgres candle retention runs past the statement timeout, which other statements do not", async () => {
  await withStore({ lockTimeoutMs: 600_000, statementTimeoutMs: 100 }, async (store, url) => {
    await store.upsertCandles([candle(BTC, 0), candle(BTC, 1)]);
    // SHARE mode lets reads through and makes writes wait, here for 300 ms.
    const deleted = await whileLocked(url, "LOCK TABLE candles IN SHARE MODE", async () => {
      const deleting = store.deleteCandlesBefore(candle(BTC, 1).openTime);
      deleting.catch(() => {}); // awaited below, after the lock is released
      const blocked = await assertRejects(() => store.upsertCandles([candle(BTC, 2)]));
      assert(blocked instanceof StoreTimeoutError, `${blocked.name}: ${blocked.message}`);
      await new Promise((r) => setTimeout(r, 300));
      return { deleting };
    });
    assertEquals(await deleted.deleting, 1);
    assertEquals(await store.candles(BTC), [candle(BTC, 1)]);
  });
});

Deno.test("postgres migrations queue behind another migrator's lock beyond the lock and statement timeouts", async () => {
  await withDatabase(async (url) => {
    let released = false;
    // Wrapped, so that `whileLocked` does not wait for the open before releasing.
    const { opening } = await whileLocked(url, POSTGRES_MIGRATION_LOCK, async () => {
      const opening = openStore({
        databaseUrl: url,
        poolSize: 1,
        lockTimeoutMs: 20,
        statementTimeoutMs: 50,
      });
      opening.catch(() => {}); // awaited below, after the lock is released
      // Outlast both timeouts while the other migrator holds the lock.
      await new Promise((r) => setTimeout(r, 300));
      released = true;
      return { opening };
    });
    const store = await opening;
    try {
      assert(released, "the store opened while the other migrator still held the lock");
      assertEquals(await store.candles(BTC), [], "the schema is in place");
    } finally {
      await store.close();
    }
  });
});

Deno.test("a postgres session idle inside a transaction past the statement timeout is ended by the server, releasing its locks", async () => {
  await withStore({ lockTimeoutMs: 60_000, statementTimeoutMs: 30_000 }, async (store, url) => {
    // A client of the store's making whose transaction loses its way after taking a lock.
    const stalled = createPgClient({ databaseUrl: url, poolSize: 1, statementTimeoutMs: 200 }, log);
    try {
      const locked = Promise.withResolvers<void>();
      const abandoned = stalled.begin(async (tx) => {
        await tx.unsafe(LOCK_CANDLES);
        locked.resolve();
        await new Promise((r) => setTimeout(r, 1_000));
        await tx.unsafe("SELECT 1");
      });
      abandoned.catch(locked.reject);
      await locked.promise;
      // Waits for the lock until the server ends the idle session, long before 1 s.
      await store.upsertCandles([candle(BTC, 0)]);
      await assertRejects(() => abandoned);
      assertEquals(await store.candles(BTC), [candle(BTC, 0)]);
    } finally {
      await stalled.end({ timeout: 0 });
    }
  });
});

Deno.test("the store's postgres sessions are named crypto-trade in pg_stat_activity", async () => {
  await withStore({ lockTimeoutMs: 1_000, statementTimeoutMs: 1_000 }, async (store, url) => {
    await store.ping();
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await admin`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'crypto-trade'`;
      assert(rows[0]!.n >= 1, "no session named crypto-trade");
    } finally {
      await admin.end();
    }
  });
});
