/**
 * `GET /positions`: open paper positions, marked at the latest close.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { seriesKey } from "../../messages/keys.ts";
import type { Position } from "../../paper/mod.ts";
import type { Store } from "../../store/mod.ts";
import { commonErrors } from "../schemas/errors.ts";
import { positionOut } from "../schemas/models.ts";
import { nameParam } from "../schemas/params.ts";
import type { Resource } from "./resource.ts";

/**
 * Series key → newest stored close, for each series of `positions`.
 *
 * @example
 * ```ts ignore
 * const marks = await latestCloses(store, await store.positions());
 * ```
 */
export async function latestCloses(
  store: Pick<Store, "latestCandles">,
  positions: readonly Position[],
): Promise<Record<string, number>> {
  const marks: Record<string, number> = {};
  for (const p of positions) {
    const key = seriesKey(p);
    if (key in marks) continue;
    const [last] = await store.latestCandles(p, 1);
    if (last) marks[key] = last.close;
  }
  return marks;
}

const route = createRoute({
  method: "get",
  path: "/positions",
  tags: ["positions"],
  summary: "Open paper positions, oldest entry first",
  description: "At most `paper.maxOpenPositions` per account, so not paginated. `mark` is the " +
    "newest stored close of the position's series.",
  request: {
    query: z.strictObject({
      account: nameParam("account").optional().openapi({ description: "Default: every account." }),
    }),
  },
  responses: {
    200: {
      description: "Open positions.",
      content: {
        "application/json": {
          schema: z.object({
            positions: z.array(
              positionOut.extend({
                mark: z.number().nullable(),
                unrealizedPnl: z.number().nullable().openapi({
                  description: "At `mark`, net of the entry fee; null without a stored candle.",
                }),
              }).openapi("Position"),
            ),
          }),
        },
      },
    },
    ...commonErrors,
  },
});

/**
 * `GET /positions`.
 *
 * @example
 * ```ts ignore
 * positions.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const positions: Resource = {
  tag: "positions",
  description: "Open paper-trading positions.",
  register(app, deps) {
    app.openapi(route, async (c) => {
      const { account } = c.req.valid("query");
      const open = await deps.store.positions(account);
      const marks = await latestCloses(deps.store, open);
      return c.json({
        positions: open.map((p) => {
          const mark = marks[seriesKey(p)] ?? null;
          return {
            ...p,
            mark,
            unrealizedPnl: mark === null ? null : p.qty * (mark - p.entryPrice) - p.entryFee,
          };
        }),
      }, 200);
    });
  },
};
