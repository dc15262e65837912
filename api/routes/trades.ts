/**
 * `GET /trades`: closed paper trades, newest exit first.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { commonErrors } from "../schemas/errors.ts";
import { tradeOut } from "../schemas/models.ts";
import { limitParam, nameParam } from "../schemas/params.ts";
import { timeParam } from "../schemas/time.ts";
import { decodeTradeCursor, encodeTradeCursor } from "../queries/trade_cursor.ts";
import { cursorParam, keysetPage } from "../queries/keyset.ts";
import type { Resource } from "./resource.ts";

const cursor = cursorParam(decodeTradeCursor);

const route = createRoute({
  method: "get",
  path: "/trades",
  tags: ["trades"],
  summary: "Closed paper trades, newest exit first",
  description: "Keyset pagination: pass the answer's `nextCursor` as `cursor` for the next " +
    "(older) page; it is null on the last page. Narrow with `since`; `limit` caps the page.",
  request: {
    query: z.strictObject({
      account: nameParam("account").optional().openapi({ description: "Default: every account." }),
      strategy: nameParam("strategy").optional(),
      since: timeParam.optional().openapi({ description: "Earliest exit time, inclusive." }),
      limit: limitParam(100),
      cursor: cursor.optional(),
    }),
  },
  responses: {
    200: {
      description: "Trades.",
      content: {
        "application/json": {
          schema: z.object({ trades: z.array(tradeOut), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...commonErrors,
  },
});

/**
 * `GET /trades`.
 *
 * @example
 * ```ts ignore
 * trades.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const trades: Resource = {
  tag: "trades",
  description: "Closed paper-trading positions.",
  register(app, deps) {
    app.openapi(route, async (c) => {
      const q = c.req.valid("query");
      const rows = await deps.store.trades({
        account: q.account,
        strategy: q.strategy,
        since: q.since,
        before: q.cursor,
        limit: q.limit + 1,
      });
      const { page, nextCursor } = keysetPage(rows, q.limit, encodeTradeCursor);
      return c.json({ trades: page, nextCursor }, 200);
    });
  },
};
