/**
 * Errors callers may want to tell apart from plain failures.
 *
 * @module
 */
import { RetryableError } from "../lib/errors.ts";

/**
 * An update or close named a position that is not open (never opened, or
 * already closed). The surrounding transaction is rolled back.
 *
 * @example
 * ```ts
 * try {
 *   await store.closePosition("p1", trade);
 * } catch (e) {
 *   if (e instanceof PositionNotOpenError) logger.warn("already closed: {id}", { id: e.positionId });
 * }
 * ```
 */
export class PositionNotOpenError extends Error {
  /** The id that was asked for. */
  readonly positionId: string;
  constructor(operation: string, positionId: string) {
    super(`${operation}: no open position with id ${JSON.stringify(positionId)}`);
    this.name = "PositionNotOpenError";
    this.positionId = positionId;
  }
}

/**
 * The database could not be reached or refused us. The message names the
 * target (user, host, port, database) with any password redacted. It is a
 * {@linkcode RetryableError}: an outage passes, so the bus holds a message
 * whose handler hit one instead of spending its delivery attempts.
 *
 * @example
 * ```ts
 * try {
 *   await openStore({ databaseUrl });
 * } catch (e) {
 *   if (e instanceof StoreConnectionError) logger.error("{target} is down", { target: e.target });
 * }
 * ```
 */
export class StoreConnectionError extends RetryableError {
  /** The redacted connection target, e.g. `postgres://app:***@db:5432/ct`. */
  readonly target: string;
  constructor(target: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot use database ${target}: ${reason}`, { cause });
    this.name = "StoreConnectionError";
    this.target = target;
  }
}

/**
 * The database stayed locked by another writer past the lock timeout
 * (`store.lockTimeoutMs`: SQLite's busy timeout, PostgreSQL's
 * `lock_timeout`): nothing is wrong with the data or the statement, so it
 * is a {@linkcode RetryableError} and the bus holds the message instead of
 * spending its attempts.
 *
 * @example
 * ```ts
 * throw new StoreBusyError("./data/crypto-trade.db", new Error("database is locked"));
 * ```
 */
export class StoreBusyError extends RetryableError {
  /** The database file's path, or the redacted URL of the PostgreSQL server. */
  readonly target: string;
  constructor(target: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`database ${target} is busy (another writer holds its lock): ${reason}`, { cause });
    this.name = "StoreBusyError";
    this.target = target;
  }
}

/**
 * The database had no room for a write: a full disk (SQLite's
 * `SQLITE_FULL`, PostgreSQL's SQLSTATE 53100 `disk_full`). Nothing is wrong
 * with the data, and it passes once space is freed (the `LowDiskSpace`
 * alert warns of it first), so it is a {@linkcode RetryableError}: the bus holds
 * the message and data flows again afterwards, instead of being
 * dead-lettered while the disk is full.
 *
 * @example
 * ```ts
 * throw new StoreFullError("./data/crypto-trade.db", new Error("database or disk is full"));
 * ```
 */
export class StoreFullError extends RetryableError {
  /** The database file's path, or the redacted URL of the PostgreSQL server. */
  readonly target: string;
  constructor(target: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`database ${target} has no space left for the write: ${reason}`, { cause });
    this.name = "StoreFullError";
    this.target = target;
  }
}

/**
 * PostgreSQL cancelled a statement that ran past `store.statementTimeoutMs`
 * (its `statement_timeout`, SQLSTATE 57014). A statement that stalls (a
 * server under load, a lock held for longer than the statement may wait)
 * would otherwise hold its actor's message, and the data behind it, with
 * no sign; this way it fails, is logged and counted, and is retried as a
 * {@linkcode RetryableError} while the slow-query metrics show why.
 *
 * @example
 * ```ts
 * throw new StoreTimeoutError("postgres://ct:***@db:5432/ct", "candles.upsert", 30_000, new Error("canceling statement due to statement timeout"));
 * ```
 */
export class StoreTimeoutError extends RetryableError {
  /** The redacted URL of the PostgreSQL server. */
  readonly target: string;
  /** The store operation that was cancelled, e.g. `candles.upsert`. */
  readonly operation: string;
  constructor(target: string, operation: string, timeoutMs: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `database ${target} cancelled ${operation} after the statement timeout of ${timeoutMs} ms: ${reason}`,
      { cause },
    );
    this.name = "StoreTimeoutError";
    this.target = target;
    this.operation = operation;
  }
}
