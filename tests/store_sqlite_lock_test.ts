import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { immediateTransaction } from "../store/sqlite/transaction.ts";
import { assertEquals } from "./assert.ts";

/** One row as a plain object (node:sqlite's have a null prototype). */
const row = (db: DatabaseSync, sql: string) => ({ ...db.prepare(sql).get() });

/** Starts a worker holding `path`'s write lock for `holdMs`; resolves once it holds it. */
async function holdLock(path: string, holdMs: number) {
  const worker = new Worker(new URL("./fixtures/sqlite_lock_holder.ts", import.meta.url), {
    type: "module",
  });
  const locked = Promise.withResolvers<void>();
  const released = Promise.withResolvers<void>();
  worker.onmessage = (e) => (e.data === "locked" ? locked : released).resolve();
  worker.postMessage({ path, holdMs });
  await locked.promise;
  return { released: released.promise, stop: () => worker.terminate() };
}

Deno.test("a transaction waits for another thread's write lock and commits once it is released", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ct-lock-" });
  const path = join(dir, "lock.db");
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA busy_timeout = 10000");
  db.exec("CREATE TABLE t (v INTEGER)");
  const holder = await holdLock(path, 200);
  try {
    // Blocks this thread until the worker commits; then takes the lock.
    immediateTransaction(db, () => db.prepare("INSERT INTO t VALUES (1)").run());
    await holder.released;
    assertEquals(row(db, "SELECT count(*) AS n FROM t"), { n: 1 });
    // The wait polls with busy_timeout 0, and puts the connection's own back.
    assertEquals(row(db, "PRAGMA busy_timeout"), { timeout: 10000 });
  } finally {
    holder.stop();
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a transaction that cannot get the write lock within busy_timeout fails with SQLite's busy error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ct-lock-" });
  const path = join(dir, "lock.db");
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA busy_timeout = 20");
  db.exec("CREATE TABLE t (v INTEGER)");
  const holder = await holdLock(path, 2_000);
  try {
    let error: unknown;
    try {
      immediateTransaction(db, () => db.prepare("INSERT INTO t VALUES (1)").run());
    } catch (e) {
      error = e;
    }
    assertEquals((error as { message?: string })?.message, "database is locked");
    assertEquals(row(db, "PRAGMA busy_timeout"), { timeout: 20 });
    await holder.released;
    assertEquals(row(db, "SELECT count(*) AS n FROM t"), { n: 0 });
  } finally {
    holder.stop();
    db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
