/**
 * The SQLite connection as the store configures it: one file in the data
 * directory, WAL journal, and a wait for other processes' write locks.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";

/**
 * File name of the embedded database inside the data directory.
 *
 * @example
 * ```ts
 * const path = join(dataDir, SQLITE_FILE);
 * ```
 */
export const SQLITE_FILE = "crypto-trade.db";

/**
 * Opens (creating if needed) the database at `path` and sets its pragmas;
 * a failure closes what was opened and names the path.
 *
 * WAL lets readers (the API) run while the writer (the recorder) commits;
 * `synchronous=NORMAL` is durable across process crashes and only risks the
 * last commits on power loss, which a re-fetch of candles repairs.
 *
 * @example
 * ```ts
 * const db = openSqliteDatabase(join(dataDir, SQLITE_FILE), 5_000);
 * ```
 */
export function openSqliteDatabase(path: string, busyTimeoutMs: number): DatabaseSync {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    // Checkpoint less often: the committing connection pays for it, and with
    // several writer threads that was ~15 % of a 50k-candle replay.
    db.exec("PRAGMA wal_autocheckpoint = 20000");
    // Another process holding the write lock makes us wait, not fail.
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    return db;
  } catch (e) {
    db?.close();
    throw new Error(`cannot open sqlite store at ${path}: ${e}`, { cause: e });
  }
}
