import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { immediateTransaction } from "../store/sqlite/transaction.ts";
import { assertEquals, assertThrows } from "./assert.ts";

/** One row as a plain object (node:sqlite's have a null prototype). */
const row = (db: DatabaseSync, sql: string) => ({ ...db.prepare(sql).get() });

/**
 * A WAL database with table `t`, our connection to it with `busyTimeoutMs`,
 * and a worker that holds its write lock for `holdMs` from the start.
 */
async function contended(busyTimeoutMs: number, holdMs: number) {
  const dir = await Deno.makeTempDir({ prefix: "ct-lock-" });
  const path = join(dir, "lock.db");
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  db.exec("CREATE TABLE t (v INTEGER)");
  const worker = new Worker(new URL("./fixtures/sqlite_lock_holder.ts", import.meta.url), {
    type: "module",
  });
  const locked = Promise.withResolvers<void>();
  const released = Promise.withResolvers<void>();
  worker.onmessage = (e) => (e.data === "locked" ? locked : released).resolve();
  worker.postMessage({ path, holdMs });
  await locked.promise;
  return {
    db,
    released: released.promise,
    async dispose() {
      worker.terminate();
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const insert = (db: DatabaseSync) =>
  immediateTransaction(db, () => db.prepare("INSERT INTO t VALUES (1)").run());

Deno.test("a transaction waits for another thread's write lock and commits once it is released", async () => {
  const { db, released, dispose } = await contended(10_000, 200);
  try {
    insert(db); // blocks this thread until the worker commits, then takes the lock
    await released;
    assertEquals(row(db, "SELECT count(*) AS n FROM t"), { n: 1 });
    // The wait polls with busy_timeout 0, and puts the connection's own back.
    assertEquals(row(db, "PRAGMA busy_timeout"), { timeout: 10_000 });
  } finally {
    await dispose();
  }
});

Deno.test("a transaction that cannot get the write lock within busy_timeout fails with SQLite's busy error", async () => {
  const { db, released, dispose } = await contended(20, 2_000);
  try {
    assertThrows(() => insert(db), "database is locked");
    assertEquals(row(db, "PRAGMA busy_timeout"), { timeout: 20 });
    await released;
    assertEquals(row(db, "SELECT count(*) AS n FROM t"), { n: 0 });
  } finally {
    await dispose();
  }
});

Deno.test("a transaction that fails for another reason than the lock fails at once and keeps the busy timeout", async () => {
  const { db, released, dispose } = await contended(10_000, 0);
  try {
    await released;
    db.exec("BEGIN");
    // Already in a transaction: not a lock to wait for, so no polling for 10 s.
    assertThrows(() => insert(db), "within a transaction");
    db.exec("ROLLBACK");
    assertEquals(row(db, "PRAGMA busy_timeout"), { timeout: 10_000 });
  } finally {
    await dispose();
  }
});
