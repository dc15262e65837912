/**
 * SQLite transactions for the synchronous driver.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";

/**
 * Runs `fn` in a transaction, committing on return and rolling back on throw.
 * IMMEDIATE takes the write lock up front, so two processes sharing the file
 * wait for each other (busy_timeout) instead of deadlocking on a lock upgrade.
 * `fn` must be synchronous: nothing else may run between BEGIN and COMMIT.
 *
 * @example
 * ```ts
 * const inserted = immediateTransaction(db, () => db.prepare("INSERT ...").run().changes);
 * ```
 */
export function immediateTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = fn();
    db.exec("COMMIT");
    return result;
  } catch (e) {
    db.exec("ROLLBACK");
    throw e;
  }
}
