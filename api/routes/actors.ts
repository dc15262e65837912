/**
 * `GET /actors` and `POST /actors/{id}/restart`.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { errorBody } from "../errors.ts";
import { withTimeout } from "../health/timeout.ts";
import { commonErrors, mutatingErrors, notFoundResponse } from "../schemas/errors.ts";
import { actorStatusOut, topicStatsOut } from "../schemas/models.ts";
import { nameParam, noParams } from "../schemas/params.ts";
import type { Resource } from "./resource.ts";

/**
 * Longest the actor list waits for the bus counters: during a Redis outage
 * they wait for a command timeout, and the actors' states, which need no
 * Redis, are what an operator asks for then.
 */
const BUS_STATS_TIMEOUT_MS = 1_000;

const list = createRoute({
  method: "get",
  path: "/actors",
  tags: ["actors"],
  summary: "Supervised actors and bus counters",
  request: { query: noParams },
  responses: {
    200: {
      description: "Every actor in start order; `topics` is null when the bus is not " +
        "available to this process or its counters could not be read.",
      content: {
        "application/json": {
          schema: z.object({
            actors: z.array(actorStatusOut),
            topics: z.record(z.string(), topicStatsOut).nullable(),
          }),
        },
      },
    },
    ...commonErrors,
  },
});

const restart = createRoute({
  method: "post",
  path: "/actors/{id}/restart",
  tags: ["actors"],
  summary: "Restart one actor gracefully",
  description: "Accepted at once; the actor drains, stops and starts again in the background " +
    "(watch its `restarts` in `GET /actors`). Requires the API key when one is configured.",
  security: [{ bearer: [] }],
  request: {
    params: z.object({
      id: nameParam("actor").openapi({ param: { name: "id", in: "path" }, example: "analyzer" }),
    }),
  },
  responses: {
    202: {
      description: "The restart was started.",
      content: {
        "application/json": {
          schema: z.object({ id: z.string(), status: z.literal("restarting") }),
        },
      },
    },
    404: notFoundResponse("No actor with that id."),
    ...commonErrors,
    ...mutatingErrors,
  },
});

/**
 * `GET /actors`, `POST /actors/{id}/restart`.
 *
 * @example
 * ```ts ignore
 * actors.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const actors: Resource = {
  tag: "actors",
  description: "The supervisor's actors: status and restarts.",
  register(app, deps) {
    app.openapi(list, async (c) => {
      let topics = null;
      if (deps.bus) {
        try {
          topics = await withTimeout(deps.bus.stats(), BUS_STATS_TIMEOUT_MS, "bus counters");
        } catch (e) {
          c.get("log").warn("bus counters unavailable: {error}", { error: String(e) });
        }
      }
      return c.json({ actors: deps.actors.status(), topics }, 200);
    });

    app.openapi(restart, (c) => {
      const { id } = c.req.valid("param");
      if (!deps.actors.status().some((a) => a.id === id)) {
        return c.json(errorBody(c, `no actor named ${JSON.stringify(id)}`), 404);
      }
      // The request's logger outlives the answer: the outcome lines carry its id too.
      const log = c.get("log");
      log.info("restart of {actor} requested", { actor: id });
      deps.actors.restart(id).then(
        () => log.info("restart of {actor} done", { actor: id }),
        (e) => log.error("restart of {actor} failed: {error}", { actor: id, error: String(e) }),
      );
      return c.json({ id, status: "restarting" as const }, 202);
    });
  },
};
