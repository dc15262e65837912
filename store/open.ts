/**
 * Choosing a backend: PostgreSQL when a database URL is configured, the
 * embedded SQLite file otherwise.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import { openPostgresStore } from "./postgres/store.ts";
import { openSqliteStore } from "./sqlite/store.ts";
import type { MigrationResult, QueryHook, Store } from "./types.ts";

/**
 * Options of {@linkcode openStore}.
 *
 * @example
 * ```ts
 * const options: StoreOptions = { databaseUrl: Deno.env.get("DATABASE_URL"), poolSize: 5 };
 * ```
 */
export interface StoreOptions {
  /** When set (non-empty), use PostgreSQL at this URL. */
  databaseUrl?: string;
  /** Embedded store directory, when no `databaseUrl`. Default `./data`. */
  dataDir?: string;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
  /** PostgreSQL connect timeout. Default 10. */
  connectTimeoutSeconds?: number;
  /**
   * How long a write waits for another writer's lock before
   * `StoreBusyError` (both backends). Default 5 s (`DEFAULT_LOCK_TIMEOUT_MS`).
   */
  lockTimeoutMs?: number;
  /**
   * PostgreSQL cancels a statement running longer, as `StoreTimeoutError`
   * (0: no limit). Default 30 s (`DEFAULT_STATEMENT_TIMEOUT_MS`).
   */
  statementTimeoutMs?: number;
  /** Run pending migrations on open. Default true (safe: idempotent and locked). */
  migrate?: boolean;
  /** Receives every operation's duration. */
  onQuery?: QueryHook;
  /** Default `getLogger(["ct", "store"])`. */
  logger?: Logger;
}

/**
 * Opens the configured store and, unless `migrate: false`, brings its schema
 * up to date. A store that fails to migrate is closed before the error is thrown.
 *
 * @example
 * ```ts
 * const store = await openStore({ databaseUrl: Deno.env.get("DATABASE_URL") });
 * await store.upsertCandles(candles);
 * await store.close();
 * ```
 */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const store: Store = options.databaseUrl
    ? await openPostgresStore({ ...options, databaseUrl: options.databaseUrl })
    : await openSqliteStore(options);
  if (options.migrate === false) return store;
  try {
    await store.migrate();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

/**
 * Opens the configured store, applies pending migrations and closes it: the
 * CLI's `migrate` command.
 *
 * @example
 * ```ts
 * const { applied, current } = await migrate({ dataDir: "./data" });
 * ```
 */
export async function migrate(options: StoreOptions = {}): Promise<MigrationResult> {
  const store = await openStore({ ...options, migrate: false });
  try {
    return await store.migrate();
  } finally {
    await store.close();
  }
}
