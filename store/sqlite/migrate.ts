/**
 * Applies {@linkcode SQLITE_MIGRATIONS} one transaction per version.
 *
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import type { Logger } from "@logtape/logtape";
import type { MigrationResult } from "../types.ts";
import { SQLITE_MIGRATIONS, SQLITE_MIGRATIONS_TABLE } from "./migrations.ts";
import { immediateTransaction } from "./transaction.ts";

/**
 * Brings the schema up to date. Each version is checked and applied under the
 * write lock, so a second process migrating the same file at once waits, then
 * finds the version recorded and skips it.
 *
 * @example
 * ```ts
 * const { applied, current } = migrateSqlite(db, logger);
 * ```
 */
export function migrateSqlite(db: DatabaseSync, logger: Logger): MigrationResult {
  db.exec(SQLITE_MIGRATIONS_TABLE);
  const recorded = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?");
  const record = db.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
  const applied: number[] = [];
  for (const m of SQLITE_MIGRATIONS) {
    const ran = immediateTransaction(db, () => {
      if (recorded.get(m.version)) return false;
      try {
        db.exec(m.sql);
      } catch (e) {
        throw new Error(`sqlite migration ${m.version} (${m.name}) failed: ${e}`, { cause: e });
      }
      record.run(m.version, m.name);
      return true;
    });
    if (ran) {
      applied.push(m.version);
      logger.info("applied sqlite migration {version} ({name})", {
        version: m.version,
        name: m.name,
      });
    }
  }
  const current = Number(db.prepare("SELECT max(version) AS v FROM schema_migrations").get()?.v);
  const known = SQLITE_MIGRATIONS.at(-1)?.version ?? 0;
  if (current > known) {
    logger.warn("sqlite schema is at version {current}, newer than this build's {known}", {
      current,
      known,
    });
  }
  return { applied, current };
}
