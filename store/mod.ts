/**
 * Storage: the {@linkcode Store} port and its two adapters, embedded SQLite
 * (`node:sqlite`) and PostgreSQL (postgresjs). {@linkcode openStore} picks
 * PostgreSQL when a `databaseUrl` is given and the embedded file otherwise.
 *
 * @example
 * ```ts
 * import { openStore } from "./store/mod.ts";
 *
 * const store = await openStore({ dataDir: "./data" });
 * await store.upsertCandles(candles);
 * const recent = await store.latestCandles(series, 200);
 * await store.close();
 * ```
 *
 * @module
 */
export * from "./types.ts";
export * from "./alert_types.ts";
export * from "./errors.ts";
export { migrate, openStore, type StoreOptions } from "./open.ts";
export {
  openSqliteStore,
  SQLITE_FILE,
  SqliteStore,
  type SqliteStoreOptions,
} from "./sqlite/store.ts";
export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from "./postgres/store.ts";
export { redactDatabaseUrl } from "./postgres/connection.ts";
export { DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS } from "./timeouts.ts";
