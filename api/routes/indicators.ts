/**
 * `GET /indicators/latest`: indicator values at a series' newest candle.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { errorBody } from "../errors.ts";
import { INDICATOR_HISTORY, latestIndicators } from "../queries/indicators.ts";
import { commonErrors, notFoundResponse } from "../schemas/errors.ts";
import { exchangeParam, seriesOf, symbolParam, timeframeParam } from "../schemas/params.ts";
import type { Resource } from "./resource.ts";

const route = createRoute({
  method: "get",
  path: "/indicators/latest",
  tags: ["indicators"],
  summary: "The analyzer's indicator set at the newest stored candle",
  description: `Computed on request over the newest ${INDICATOR_HISTORY} stored candles, ` +
    "extended back to 00:00 UTC of the newest candle's day when that is longer (session VWAP). " +
    `${INDICATOR_HISTORY} candles make the exponential indicators (EMA, MACD, RSI, ATR) equal ` +
    "the analyzer's to double precision; OBV, a running total, counts from the window's first " +
    "candle, so only its changes are comparable.",
  request: {
    query: z.strictObject({
      exchange: exchangeParam.optional().openapi({
        description: "Default: the watchlist's exchange.",
      }),
      symbol: symbolParam,
      timeframe: timeframeParam,
    }),
  },
  responses: {
    200: {
      description: "Values at the newest candle; null while an indicator warms up.",
      content: {
        "application/json": {
          schema: z.object({
            exchange: z.string(),
            symbol: z.string(),
            timeframe: z.string(),
            openTime: z.number().int().openapi({ description: "The newest candle, epoch ms." }),
            close: z.number(),
            candles: z.number().int().openapi({ description: "Candles computed over." }),
            since: z.number().int().openapi({ description: "Open time of the first of them." }),
            warmup: z.number().int().openapi({
              description: "Candles needed before every value is non-null.",
            }),
            values: z.record(z.string(), z.number().nullable()),
          }).openapi("LatestIndicators"),
        },
      },
    },
    404: notFoundResponse("No candles stored for the series."),
    ...commonErrors,
  },
});

/**
 * `GET /indicators/latest`.
 *
 * @example
 * ```ts ignore
 * indicators.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const indicators: Resource = {
  tag: "indicators",
  description: "Technical indicators computed from stored candles.",
  register(app, deps) {
    app.openapi(route, async (c) => {
      const q = c.req.valid("query");
      const series = seriesOf(q, deps.config.watchlist.exchange);
      const latest = await latestIndicators(deps.store, series);
      if (!latest) {
        return c.json(
          errorBody(
            c,
            `no candles stored for ${series.exchange} ${series.symbol} ${series.timeframe}`,
          ),
          404,
        );
      }
      return c.json(latest, 200);
    });
  },
};
