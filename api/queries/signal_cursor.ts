/**
 * Opaque keyset cursors for the signal listing. A cursor names the last row
 * of a page (`openTime`, `id`); the next page is everything strictly older.
 * Base64url keeps clients from building them by hand and lets the encoding
 * change without breaking the query parameter.
 *
 * @module
 */
import type { SignalCursor } from "../../store/mod.ts";

const VERSION = "s1";

/**
 * The cursor for the page after the one ending at `last`.
 *
 * @example
 * ```ts
 * encodeSignalCursor({ openTime: 1_704_067_200_000, id: 42 }); // "czE6MTcwNDA2NzIwMDAwMDo0Mg"
 * ```
 */
export function encodeSignalCursor(last: SignalCursor): string {
  const text = `${VERSION}:${last.openTime}:${last.id}`;
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * The position a cursor names, or `null` when it is not one of ours.
 *
 * @example
 * ```ts
 * decodeSignalCursor(encodeSignalCursor({ openTime: 5, id: 1 })); // { openTime: 5, id: 1 }
 * decodeSignalCursor("nonsense"); // null
 * ```
 */
export function decodeSignalCursor(cursor: string): SignalCursor | null {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  const m = /^s1:(\d{1,16}):(\d{1,16})$/.exec(text);
  if (!m) return null;
  const openTime = Number(m[1]);
  const id = Number(m[2]);
  return Number.isSafeInteger(openTime) && Number.isSafeInteger(id) ? { openTime, id } : null;
}
