/**
 * Telling the embedded database's failures that pass (a lock held by another
 * writer, a full disk) from a failed statement.
 *
 * @module
 */
import { StoreBusyError, StoreFullError } from "../errors.ts";
import type { Timed } from "../timing.ts";

const SQLITE_BUSY = 5;
const SQLITE_FULL = 13;

/**
 * The primary result code of node:sqlite's error `e`; `undefined` when it
 * carries only a message (`exec`), `null` when `e` is not node:sqlite's.
 */
function resultCode(e: unknown): number | undefined | null {
  if (!(e instanceof Error) || (e as { code?: unknown }).code !== "ERR_SQLITE_ERROR") return null;
  const errcode = (e as { errcode?: unknown }).errcode;
  return typeof errcode === "number" ? errcode & 0xff : undefined;
}

/**
 * Whether `e` is node:sqlite's error for a lock another connection held past
 * the busy timeout (`SQLITE_BUSY`). Statements carry the result code
 * (extended codes keep it in their low byte); `exec` (our BEGIN IMMEDIATE)
 * carries only the message. `SQLITE_LOCKED` is not one: it is a conflict
 * within one connection, which waiting does not clear.
 *
 * @example
 * ```ts
 * isBusy(Object.assign(new Error("database is locked"), { code: "ERR_SQLITE_ERROR" })); // true
 * isBusy(new Error("UNIQUE constraint failed")); // false
 * ```
 */
export function isBusy(e: unknown): boolean {
  const code = resultCode(e);
  if (code === null) return false;
  return code === undefined
    ? /^database is locked/.test((e as Error).message)
    : code === SQLITE_BUSY;
}

/**
 * Whether `e` is node:sqlite's error for a write that found no room
 * (`SQLITE_FULL`: the disk, or the database's page limit, is full).
 *
 * @example
 * ```ts
 * isFull(Object.assign(new Error("database or disk is full"), { code: "ERR_SQLITE_ERROR", errcode: 13 })); // true
 * ```
 */
export function isFull(e: unknown): boolean {
  const code = resultCode(e);
  if (code === null) return false;
  return code === undefined
    ? /^database or disk is full/.test((e as Error).message)
    : code === SQLITE_FULL;
}

/**
 * `timed` with lock timeouts turned into {@linkcode StoreBusyError} and a
 * full disk into {@linkcode StoreFullError}, both retryable. `fn` still
 * runs synchronously within the call, as the store's transactions need.
 *
 * @example
 * ```ts ignore
 * const timed = transientAware(createTimed(onQuery, logger), path);
 * ```
 */
export function transientAware(timed: Timed, path: string): Timed {
  const map = (e: unknown) =>
    isBusy(e) ? new StoreBusyError(path, e) : isFull(e) ? new StoreFullError(path, e) : e;
  return (operation, fn) =>
    timed(operation, () => {
      let result;
      try {
        result = fn();
      } catch (e) {
        throw map(e);
      }
      return result instanceof Promise ? result.catch((e) => Promise.reject(map(e))) : result;
    });
}
