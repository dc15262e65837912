/**
 * Telling a locked embedded database from a failed statement.
 *
 * @module
 */
import { StoreBusyError } from "../errors.ts";
import type { Timed } from "../timing.ts";

const SQLITE_BUSY = 5;

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
  if (!(e instanceof Error) || (e as { code?: unknown }).code !== "ERR_SQLITE_ERROR") return false;
  const errcode = (e as { errcode?: unknown }).errcode;
  if (typeof errcode === "number") {
    return (errcode & 0xff) === SQLITE_BUSY;
  }
  return /^database is locked/.test(e.message);
}

/**
 * `timed` with lock timeouts turned into {@linkcode StoreBusyError}. `fn`
 * still runs synchronously within the call, as the store's transactions
 * need.
 *
 * @example
 * ```ts ignore
 * const timed = busyAware(createTimed(onQuery, logger), path);
 * ```
 */
export function busyAware(timed: Timed, path: string): Timed {
  const map = (e: unknown) => isBusy(e) ? new StoreBusyError(path, e) : e;
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
