/**
 * SQLite transactions for the synchronous driver.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { isBusy } from "./transient.ts";

/** Each connection's `busy_timeout`, read once: the bound of a wait for the write lock. */
const busyTimeouts = new WeakMap<DatabaseSync, number>();
/** Blocks this thread for a moment, as SQLite's own busy handler does. */
const pauseCell = new Int32Array(new SharedArrayBuffer(4));
const FIRST_PAUSE_MS = 0.05;
const MAX_PAUSE_MS = 1;

function busyTimeoutOf(db: DatabaseSync): number {
  let ms = busyTimeouts.get(db);
  if (ms === undefined) {
    const row = db.prepare("PRAGMA busy_timeout").get() as { timeout?: unknown } | undefined;
    ms = Number(row?.timeout ?? 0);
    busyTimeouts.set(db, ms);
  }
  return ms;
}

/**
 * `BEGIN IMMEDIATE`, waiting for another connection's write lock at most the
 * connection's `busy_timeout`. SQLite's own busy handler sleeps 1, 2, 5, 10 ms
 * … between tries, so a writer that meets another thread's 3 ms transaction
 * sleeps 8 ms: with the collector and the strategy writing the same file,
 * that was ~0.4 s of each one's time in a year's replay. Here the tries are
 * 0.05 ms apart at first, doubling to 1 ms. On timeout SQLite's busy error
 * is thrown, as before.
 *
 * @example
 * ```ts ignore
 * beginImmediate(db);
 * ```
 */
export function beginImmediate(db: DatabaseSync): void {
  const timeoutMs = busyTimeoutOf(db);
  db.exec("PRAGMA busy_timeout = 0");
  try {
    const deadline = performance.now() + timeoutMs;
    for (let pause = FIRST_PAUSE_MS;; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
      try {
        db.exec("BEGIN IMMEDIATE");
        return;
      } catch (e) {
        if (!isBusy(e) || performance.now() >= deadline) throw e;
      }
      Atomics.wait(pauseCell, 0, 0, pause);
    }
  } finally {
    db.exec(`PRAGMA busy_timeout = ${timeoutMs}`);
  }
}

/**
 * Runs `fn` in a transaction, committing on return and rolling back on throw.
 * IMMEDIATE takes the write lock up front, so two processes sharing the file
 * wait for each other (busy_timeout, see {@linkcode beginImmediate}) instead
 * of deadlocking on a lock upgrade. `fn` must be synchronous: nothing else
 * may run between BEGIN and COMMIT.
 *
 * @example
 * ```ts
 * const inserted = immediateTransaction(db, () => db.prepare("INSERT ...").run().changes);
 * ```
 */
export function immediateTransaction<T>(db: DatabaseSync, fn: () => T): T {
  beginImmediate(db);
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}
