/**
 * `GET /signals`: strategy signals, newest first, keyset-paginated.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { TypedResponse } from "hono";
import { createResponseCache } from "../queries/response_cache.ts";
import { decodeSignalCursor, encodeSignalCursor } from "../queries/signal_cursor.ts";
import { commonErrors } from "../schemas/errors.ts";
import { signalOut } from "../schemas/models.ts";
import { limitParam, nameParam, symbolParam } from "../schemas/params.ts";
import { timeParam } from "../schemas/time.ts";
import { cursorParam, keysetPage } from "../queries/keyset.ts";
import type { Resource } from "./resource.ts";

const cursor = cursorParam(decodeSignalCursor);

const pageSchema = z.object({
  signals: z.array(signalOut),
  nextCursor: z.string().nullable(),
});
type Page = z.infer<typeof pageSchema>;

const route = createRoute({
  method: "get",
  path: "/signals",
  tags: ["signals"],
  summary: "Strategy signals, newest first",
  description: "Keyset pagination: pass the answer's `nextCursor` as `cursor` for the next " +
    "(older) page; it is null on the last page. Pages stay stable while new signals arrive.",
  request: {
    query: z.strictObject({
      symbol: symbolParam.optional(),
      strategy: nameParam("strategy").optional(),
      since: timeParam.optional().openapi({ description: "Earliest candle open time, inclusive." }),
      limit: limitParam(100),
      cursor: cursor.optional(),
    }),
  },
  responses: {
    200: {
      description: "A page of signals.",
      content: { "application/json": { schema: pageSchema } },
    },
    ...commonErrors,
  },
});

const JSON_BODY = { "Content-Type": "application/json" };

/** What follows `?` in `url`, as sent; "" when there is none. */
function queryString(url: string): string {
  const at = url.indexOf("?");
  return at === -1 ? "" : url.slice(at + 1);
}

/**
 * How late a signal another connection committed (the strategy actor's)
 * may show in a cached page, milliseconds. Reading SQLite's data version
 * for other connections takes a read transaction, 3–7 µs, more than the
 * rest of a cached answer's handler; a signal comes at most once a candle.
 *
 * @example
 * ```ts ignore
 * await delay(SIGNALS_CACHE_MAX_AGE_MS); // now every committed signal shows
 * ```
 */
export const SIGNALS_CACHE_MAX_AGE_MS = 5;

/**
 * `GET /signals`. Pages are served from a {@linkcode createResponseCache}
 * while the store's data version is unchanged (SQLite; PostgreSQL has none,
 * so every request reads): a page is ~110 µs of query and row decoding and
 * 12.5 KB of JSON for 50 rows, and dashboards poll the same few pages.
 * Writes through the API's own store show at once, other connections'
 * within {@linkcode SIGNALS_CACHE_MAX_AGE_MS}.
 *
 * Bodies are keyed by the request's query string as sent, and a query
 * string answered before at this data version is answered again before
 * validation: the query passed it then, and validation is a pure function
 * of it (zod's parse of the query was a tenth of a cached answer's cost).
 *
 * @example
 * ```ts ignore
 * signals.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const signals: Resource = {
  tag: "signals",
  description: "Signals the strategies produced, as stored.",
  register(app, deps) {
    const store = deps.store;
    const responses = createResponseCache({
      version: () => store.dataVersion?.(SIGNALS_CACHE_MAX_AGE_MS),
    });
    app.use(route.path, async function cachedSignals(c, next) {
      const body = c.req.method === "GET" ? responses.peek(queryString(c.req.url)) : undefined;
      if (body === undefined) return await next();
      c.set("cache", "hit");
      return c.body(body, 200, JSON_BODY);
    });
    app.openapi(route, async (c) => {
      const q = c.req.valid("query");
      const { body, cache } = await responses.get(queryString(c.req.url), async () => {
        const rows = await store.signals({
          symbol: q.symbol,
          strategy: q.strategy,
          since: q.since,
          before: q.cursor,
          limit: q.limit + 1,
        });
        const { page, nextCursor } = keysetPage(rows, q.limit, encodeSignalCursor);
        const answer: Page = { signals: page, nextCursor };
        return JSON.stringify(answer);
      });
      if (cache) c.set("cache", cache);
      // `body` is a `Page` serialised above (or earlier, at the same data
      // version): what `c.json(answer, 200)` would send, typed as such.
      return c.body(body, 200, JSON_BODY) as unknown as TypedResponse<Page, 200, "json">;
    });
  },
};
