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
import type { Resource } from "./resource.ts";

const route = createRoute({
  method: "get",
  path: "/trades",
  tags: ["trades"],
  summary: "Closed paper trades, newest exit first",
  description: "Pages by time: narrow with `since`; `limit` caps the page.",
  request: {
    query: z.strictObject({
      account: nameParam("account").optional().openapi({ description: "Default: every account." }),
      strategy: nameParam("strategy").optional(),
      since: timeParam.optional().openapi({ description: "Earliest exit time, inclusive." }),
      limit: limitParam(100),
    }),
  },
  responses: {
    200: {
      description: "Trades.",
      content: { "application/json": { schema: z.object({ trades: z.array(tradeOut) }) } },
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
        limit: q.limit,
      });
      return c.json({ trades: rows }, 200);
    });
  },
};
