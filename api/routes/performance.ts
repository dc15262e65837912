/**
 * `GET /performance`: realised PnL, win rate and equity of a paper account.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { fromStored, unrealizedPnl, valuation } from "../../paper/mod.ts";
import { dailyPnl, summarizeTrades } from "../queries/performance.ts";
import { commonErrors } from "../schemas/errors.ts";
import { nameParam } from "../schemas/params.ts";
import { timeParam } from "../schemas/time.ts";
import type { Resource } from "./resource.ts";
import { latestCloses } from "./positions.ts";

/**
 * Trades summarised per request at most; past it the answer says `truncated`.
 *
 * @example
 * ```ts ignore
 * if (body.truncated) console.warn(`only the newest ${PERFORMANCE_MAX_TRADES} trades counted`);
 * ```
 */
export const PERFORMANCE_MAX_TRADES = 100_000;

const nullableNumber = z.number().nullable();
const summaryOut = z.object({
  tradeCount: z.number().int(),
  wins: z.number().int(),
  losses: z.number().int(),
  winRate: nullableNumber,
  realizedPnl: z.number(),
  fees: z.number(),
  grossProfit: z.number(),
  grossLoss: z.number(),
  profitFactor: nullableNumber,
  averagePnl: nullableNumber,
  bestPnl: nullableNumber,
  worstPnl: nullableNumber,
});

const route = createRoute({
  method: "get",
  path: "/performance",
  tags: ["performance"],
  summary: "PnL summary of a paper account",
  description: "Realised figures come from closed trades (filtered by `strategy` and `since`), " +
    "also per UTC day of exit. `equity` is the account's (all strategies): cash plus open " +
    "positions at the newest stored close.",
  request: {
    query: z.strictObject({
      account: nameParam("account").optional().openapi({
        description: "Default: the configured paper account.",
      }),
      strategy: nameParam("strategy").optional(),
      since: timeParam.optional().openapi({ description: "Earliest exit time, inclusive." }),
    }),
  },
  responses: {
    200: {
      description: "The summary.",
      content: {
        "application/json": {
          schema: z.object({
            account: z.string(),
            realized: summaryOut,
            byDay: z.array(z.object({
              day: z.string().openapi({ example: "2024-01-31" }),
              tradeCount: z.number().int(),
              wins: z.number().int(),
              realizedPnl: z.number(),
              fees: z.number(),
            })),
            truncated: z.boolean().openapi({
              description: `True when more than ${PERFORMANCE_MAX_TRADES} trades matched; ` +
                "the figures cover the newest of them.",
            }),
            equity: z.object({
              startingBalance: z.number(),
              cash: z.number(),
              openPositions: z.number().int(),
              unrealizedPnl: z.number(),
              equity: z.number(),
              returnPct: z.number().openapi({
                description: "equity / startingBalance - 1.",
              }),
            }),
          }).openapi("Performance"),
        },
      },
    },
    ...commonErrors,
  },
});

/**
 * `GET /performance`.
 *
 * @example
 * ```ts ignore
 * performanceSummary.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const performanceSummary: Resource = {
  tag: "performance",
  description: "Profit and loss of paper trading.",
  register(app, deps) {
    app.openapi(route, async (c) => {
      const q = c.req.valid("query");
      const account = q.account ?? deps.config.paper.account;
      const rows = await deps.store.trades({
        account,
        strategy: q.strategy,
        since: q.since,
        limit: PERFORMANCE_MAX_TRADES + 1,
      });
      const truncated = rows.length > PERFORMANCE_MAX_TRADES;
      const closed = truncated ? rows.slice(0, PERFORMANCE_MAX_TRADES) : rows;
      const wallet = await deps.store.wallet(account);
      const open = await deps.store.positions(account);
      const marks = await latestCloses(deps.store, open);
      const state = fromStored({ wallet, positions: open, marks }, {
        ...deps.config.paper,
        account,
      });
      const equity = valuation(state.wallet, state.positions, state.marks);
      return c.json({
        account,
        realized: summarizeTrades(closed),
        byDay: dailyPnl(closed),
        truncated,
        equity: {
          startingBalance: state.wallet.startingBalance,
          cash: state.wallet.cash,
          openPositions: open.length,
          unrealizedPnl: unrealizedPnl(state),
          equity,
          returnPct: equity / state.wallet.startingBalance - 1,
        },
      }, 200);
    });
  },
};
