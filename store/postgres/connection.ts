/**
 * The postgresjs client as the store configures it, and how its failures are
 * reported: connection problems name the target with the password redacted.
 *
 * @module
 */
import { redactUrl } from "../../lib/redact_url.ts";
import postgres from "postgres";
import type { Logger } from "@logtape/logtape";
import { DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS } from "../timeouts.ts";

/**
 * The client type used by the store.
 *
 * @example
 * ```ts
 * const sql: PgClient = createPgClient({ databaseUrl }, logger);
 * ```
 */
export type PgClient = postgres.Sql<Record<string, unknown>>;

/**
 * Connection settings of the PostgreSQL store.
 *
 * @example
 * ```ts
 * const options: PgConnectOptions = { databaseUrl, poolSize: 4, connectTimeoutSeconds: 5 };
 * ```
 */
export interface PgConnectOptions {
  /** `postgres://user:password@host:port/database`. */
  databaseUrl: string;
  /** Pool size. Default 10. */
  poolSize?: number;
  /** Give up connecting after this long. Default 10. */
  connectTimeoutSeconds?: number;
  /**
   * The server cancels a statement that runs longer (`statement_timeout`),
   * and ends a session idle this long inside a transaction
   * (`idle_in_transaction_session_timeout`); 0: no limit. Default 30 s.
   */
  statementTimeoutMs?: number;
  /**
   * The server cancels a statement that waits longer for a lock
   * (`lock_timeout`; 0: no limit). Default {@linkcode DEFAULT_LOCK_TIMEOUT_MS}.
   */
  lockTimeoutMs?: number;
}

/**
 * The URL as every configured URL is shown (`lib/redact_url.ts`: password,
 * lone username and query hidden), with the port always given, so an error
 * answers "which server?" even when the URL left it to the default.
 *
 * @example
 * ```ts
 * redactDatabaseUrl("postgres://app:s3cret@db/ct?sslmode=require");
 * // "postgres://app:***@db:5432/ct?***"
 * ```
 */
export function redactDatabaseUrl(databaseUrl: string): string {
  const redacted = redactUrl(databaseUrl);
  let url: URL;
  try {
    url = new URL(redacted);
  } catch {
    return "<unparseable database URL>";
  }
  if (url.port !== "" || url.host === "") return redacted;
  url.port = "5432";
  return url.toString();
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/**
 * True for failures to reach or be admitted by the server (network errors,
 * SQLSTATE classes 08 and 28, unknown database, shutdown, too many clients),
 * as opposed to errors in a statement.
 *
 * @example
 * ```ts
 * isConnectionError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" })); // true
 * ```
 */
export function isConnectionError(e: unknown): boolean {
  const code = sqlState(e);
  if (code === undefined) return false;
  return NETWORK_CODES.has(code) || code.startsWith("08") || code.startsWith("28") ||
    ["3D000", "57P01", "57P02", "57P03", "53300"].includes(code);
}

/**
 * True for a statement the server cancelled (SQLSTATE 57014, `query_canceled`):
 * past `statement_timeout`, or by an administrator's `pg_cancel_backend`.
 *
 * @example
 * ```ts
 * isStatementCancelled(Object.assign(new Error("canceling statement"), { code: "57014" })); // true
 * ```
 */
export function isStatementCancelled(e: unknown): boolean {
  return sqlState(e) === "57014";
}

/**
 * True for a statement that waited past `lock_timeout` (SQLSTATE 55P03,
 * `lock_not_available`).
 *
 * @example
 * ```ts
 * isLockTimeout(Object.assign(new Error("canceling statement due to lock timeout"), { code: "55P03" })); // true
 * ```
 */
export function isLockTimeout(e: unknown): boolean {
  return sqlState(e) === "55P03";
}

/**
 * True for a write the server had no disk space for (SQLSTATE 53100, `disk_full`).
 *
 * @example
 * ```ts
 * isDiskFull(Object.assign(new Error("could not extend file"), { code: "53100" })); // true
 * ```
 */
export function isDiskFull(e: unknown): boolean {
  return sqlState(e) === "53100";
}

/** The error's `code`: a SQLSTATE from the server, or a network error's name. */
function sqlState(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e ? String(e.code) : undefined;
}

/**
 * Creates the pool (lazily connecting). `bigint` columns hold epoch ms and
 * ids, all below 2^53, so they are parsed to `number` instead of postgresjs'
 * default string; notices go to the logger instead of the console. The
 * timeouts are startup parameters, so every connection of the pool has them
 * from its first statement (a `statement_timeout` or `lock_timeout` in the
 * URL's query still wins); the name shows in `pg_stat_activity`.
 *
 * @example
 * ```ts
 * const sql = createPgClient({ databaseUrl: "postgres://postgres@127.0.0.1/ct" }, logger);
 * await sql.end();
 * ```
 */
export function createPgClient(options: PgConnectOptions, logger: Logger): PgClient {
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  return postgres(options.databaseUrl, {
    max: options.poolSize ?? 10,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    connection: {
      application_name: "crypto-trade",
      statement_timeout: statementTimeoutMs,
      lock_timeout: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
      // Our transactions never wait on anything but their own statements: one
      // idle this long lost its client (a partition, a frozen thread) and
      // holds its locks against every other writer until the server ends it.
      idle_in_transaction_session_timeout: statementTimeoutMs,
    },
    onnotice: (notice) => logger.debug("postgres notice: {message}", { message: notice.message }),
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (x: number) => String(x),
        parse: (x: string) => Number(x),
      },
    },
  }) as unknown as PgClient;
}
