/**
 * `GET /candles`: stored candles of one series.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { commonErrors } from "../schemas/errors.ts";
import { candleOut } from "../schemas/models.ts";
import {
  exchangeParam,
  limitParam,
  seriesOf,
  symbolParam,
  timeframeParam,
} from "../schemas/params.ts";
import { timeParam } from "../schemas/time.ts";
import type { Resource } from "./resource.ts";

const query = z.strictObject({
  exchange: exchangeParam.optional().openapi({
    description: "Default: the watchlist's exchange.",
  }),
  symbol: symbolParam,
  timeframe: timeframeParam,
  from: timeParam.optional().openapi({ description: "Earliest open time, inclusive." }),
  to: timeParam.optional().openapi({ description: "Latest open time, inclusive." }),
  limit: limitParam(500),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
  path: ["to"],
  message: "must not be before `from`",
});

const route = createRoute({
  method: "get",
  path: "/candles",
  tags: ["candles"],
  summary: "Stored candles of one series, oldest first",
  description: "With `from`: the first `limit` candles from `from` (up to `to`); continue with " +
    "`from = nextFrom`. Without `from`: the newest `limit` candles up to `to` (default: now); " +
    "go further back with `to = prevTo`. Times are epoch ms.",
  request: { query },
  responses: {
    200: {
      description: "A page of candles.",
      content: {
        "application/json": {
          schema: z.object({
            candles: z.array(candleOut),
            nextFrom: z.number().int().nullable().openapi({
              description: "`from` of the next page (forward paging); null when this is the last.",
            }),
            prevTo: z.number().int().nullable().openapi({
              description: "`to` of the previous page (backward paging); null when none is older.",
            }),
          }),
        },
      },
    },
    ...commonErrors,
  },
});

/**
 * `GET /candles`.
 *
 * @example
 * ```ts ignore
 * candles.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const candles: Resource = {
  tag: "candles",
  description: "OHLCV candles as stored by the collector.",
  register(app, deps) {
    app.openapi(route, async (c) => {
      const q = c.req.valid("query");
      const series = seriesOf(q, deps.config.watchlist.exchange);
      // One extra row tells whether another page exists.
      const forward = q.from !== undefined;
      const rows = await deps.store.candles({
        ...series,
        from: q.from,
        to: q.to,
        limit: q.limit + 1,
        order: forward ? "asc" : "desc",
      });
      const more = rows.length > q.limit;
      const page = rows.slice(0, q.limit);
      if (!forward) page.reverse();
      return c.json({
        candles: page,
        nextFrom: forward && more ? page.at(-1)!.openTime + 1 : null,
        prevTo: !forward && more ? page[0]!.openTime - 1 : null,
      }, 200);
    });
  },
};
