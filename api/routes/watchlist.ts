/**
 * `GET /watchlist`: the configured series and how fresh their data is.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { noParams } from "../schemas/params.ts";
import { commonErrors } from "../schemas/errors.ts";
import type { Resource } from "./resource.ts";

const route = createRoute({
  method: "get",
  path: "/watchlist",
  tags: ["watchlist"],
  summary: "Watched series with their newest stored candle",
  request: { query: noParams },
  responses: {
    200: {
      description: "Every (symbol, timeframe) of the watchlist.",
      content: {
        "application/json": {
          schema: z.object({
            exchange: z.string(),
            symbols: z.array(z.string()),
            timeframes: z.array(z.string()),
            series: z.array(z.object({
              exchange: z.string(),
              symbol: z.string(),
              timeframe: z.string(),
              lastCandleTime: z.number().int().nullable().openapi({
                description: "Open time of the newest stored candle; null before the first.",
              }),
            })),
          }).openapi("Watchlist"),
        },
      },
    },
    ...commonErrors,
  },
});

/**
 * `GET /watchlist`.
 *
 * @example
 * ```ts ignore
 * watchlist.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const watchlist: Resource = {
  tag: "watchlist",
  description: "What the collector watches.",
  register(app, deps) {
    app.openapi(route, async (c) => {
      const { exchange, symbols, timeframes } = deps.config.watchlist;
      const series = [];
      for (const symbol of symbols) {
        for (const timeframe of timeframes) {
          const s = { exchange, symbol, timeframe };
          series.push({ ...s, lastCandleTime: await deps.store.lastCandleTime(s) });
        }
      }
      return c.json({ exchange, symbols, timeframes, series }, 200);
    });
  },
};
