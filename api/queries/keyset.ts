/**
 * Keyset pagination shared by the listings: the `cursor` query parameter
 * and cutting a page with its `nextCursor`. Listings ask the store for one
 * row more than the page, so the last page says so without another query.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";

/**
 * The `cursor` query parameter: an opaque `nextCursor` of a previous page,
 * decoded by `decode`; anything else is a 400 naming it.
 *
 * @example
 * ```ts
 * import { decodeTradeCursor } from "./trade_cursor.ts";
 * const cursor = cursorParam(decodeTradeCursor);
 * cursor.safeParse("nonsense").success; // false
 * ```
 */
export function cursorParam<T>(decode: (cursor: string) => T | null) {
  return z.string().transform((value, ctx) => {
    const cursor = decode(value);
    if (cursor === null) {
      ctx.addIssue({ code: "custom", message: "expected a `nextCursor` from a previous page" });
      return z.NEVER;
    }
    return cursor;
  }).openapi({ type: "string", description: "`nextCursor` of the previous page." });
}

/**
 * The first `limit` of `rows` (fetched with `limit + 1`) and the cursor of
 * the page after them, `null` when there is none.
 *
 * @example
 * ```ts
 * keysetPage([1, 2, 3], 2, String); // { page: [1, 2], nextCursor: "2" }
 * keysetPage([1, 2], 2, String); // { page: [1, 2], nextCursor: null }
 * ```
 */
export function keysetPage<T>(
  rows: readonly T[],
  limit: number,
  encode: (last: T) => string,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? encode(last) : null };
}
