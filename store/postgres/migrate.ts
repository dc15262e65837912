/**
 * Applies {@linkcode POSTGRES_MIGRATIONS} one transaction per version.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { MigrationResult } from "../types.ts";
import type { PgClient } from "./connection.ts";
import {
  POSTGRES_MIGRATION_LOCK,
  POSTGRES_MIGRATIONS,
  POSTGRES_MIGRATIONS_TABLE,
} from "./migrations.ts";

/** Lifts both timeouts for the rest of the transaction (`SET LOCAL`), in one round trip. */
const NO_TIMEOUTS =
  "SELECT set_config('statement_timeout', '0', true), set_config('lock_timeout', '0', true)";

/**
 * Brings the schema up to date. Every transaction first takes the migration
 * advisory lock, so concurrent migrators (two replicas starting together)
 * queue; each re-checks `schema_migrations` under the lock and skips what the
 * other applied. Even `CREATE TABLE IF NOT EXISTS` needs the lock: run
 * concurrently it can fail on the catalog's unique index. Migrations are
 * exempt from the pool's statement and lock timeouts: one may rewrite a
 * large table, and waiting for another migrator's lock is how they queue.
 *
 * @example
 * ```ts
 * const { applied, current } = await migratePostgres(sql, logger);
 * ```
 */
export async function migratePostgres(sql: PgClient, logger: Logger): Promise<MigrationResult> {
  await sql.begin(async (tx) => {
    await tx.unsafe(NO_TIMEOUTS);
    await tx.unsafe(POSTGRES_MIGRATION_LOCK);
    await tx.unsafe(POSTGRES_MIGRATIONS_TABLE);
  });
  const applied: number[] = [];
  for (const m of POSTGRES_MIGRATIONS) {
    const ran = await sql.begin(async (tx) => {
      await tx.unsafe(NO_TIMEOUTS);
      await tx.unsafe(POSTGRES_MIGRATION_LOCK);
      const done = await tx.unsafe("SELECT 1 FROM schema_migrations WHERE version = $1", [
        m.version,
      ]);
      if (done.length > 0) return false;
      try {
        await tx.unsafe(m.sql);
      } catch (e) {
        throw new Error(`postgres migration ${m.version} (${m.name}) failed: ${e}`, { cause: e });
      }
      await tx.unsafe("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        m.version,
        m.name,
      ]);
      return true;
    });
    if (ran) {
      applied.push(m.version);
      logger.info("applied postgres migration {version} ({name})", {
        version: m.version,
        name: m.name,
      });
    }
  }
  const [row] = await sql.unsafe("SELECT max(version) AS v FROM schema_migrations");
  const current = Number(row?.v);
  const known = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;
  if (current > known) {
    logger.warn("postgres schema is at version {current}, newer than this build's {known}", {
      current,
      known,
    });
  }
  return { applied, current };
}
