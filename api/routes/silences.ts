/**
 * `GET /silences`, `GET /silences/{id}`, `POST /silences` and
 * `DELETE /silences/{id}`, with Alertmanager's semantics. Every change is
 * stored first, then published to the alerter.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Logger } from "@logtape/logtape";
import { type Silence, silenceState } from "../../alerting/model.ts";
import { createMessage } from "../../messages/mod.ts";
import { loadSilencer, tellAlerter } from "../alerting/context.ts";
import { badRequestResponse, invalid } from "../alerting/invalid.ts";
import { expireSilence, planSilence } from "../alerting/silence_plan.ts";
import type { ApiDeps } from "../deps.ts";
import { errorBody } from "../errors.ts";
import { commonErrors, mutatingErrors, notFoundResponse } from "../schemas/errors.ts";
import { silenceIdParam, silenceIn, silenceOut } from "../schemas/silences.ts";
import type { Resource } from "./resource.ts";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const idParams = z.object({
  id: silenceIdParam.openapi({ param: { name: "id", in: "path" } }),
});
const saved = z.object({
  id: z.string(),
  notified: z.boolean().openapi({
    description: "False when the alerter could not be told at once; it reads the silence " +
      "from the store when it next starts.",
  }),
});
const stateParam = z.enum(["pending", "active", "expired"]);

const list = createRoute({
  method: "get",
  path: "/silences",
  tags: ["silences"],
  summary: "Silences: active, then pending, then expired",
  request: { query: z.strictObject({ state: stateParam.optional() }) },
  responses: {
    200: {
      description: "Newest update first within a state.",
      content: json(z.object({ silences: z.array(silenceOut) })),
    },
    ...commonErrors,
  },
});

const one = createRoute({
  method: "get",
  path: "/silences/{id}",
  tags: ["silences"],
  summary: "One silence",
  request: { params: idParams },
  responses: {
    200: { description: "The silence.", content: json(z.object({ silence: silenceOut })) },
    404: notFoundResponse("No silence with that id."),
    ...commonErrors,
  },
});

const post = createRoute({
  method: "post",
  path: "/silences",
  tags: ["silences"],
  summary: "Create or update a silence",
  description: "An active silence mutes every alert that matches all its matchers. With `id`, " +
    "changing only the end, comment or author updates it in place (200); any other change " +
    "expires it and creates a new silence (201, new id), so the record of what was silenced " +
    "stays true. Requires the API key when one is set.",
  security: [{ bearer: [] }],
  request: { body: { required: true, content: json(silenceIn) } },
  responses: {
    200: { description: "Updated in place.", content: json(saved) },
    201: {
      description: "Created; `replaced` is the id of the silence it expired, if any.",
      content: json(saved.extend({ replaced: z.string().nullable() })),
    },
    404: notFoundResponse("`id` names no silence."),
    ...commonErrors,
    400: badRequestResponse,
    ...mutatingErrors,
  },
});

const expire = createRoute({
  method: "delete",
  path: "/silences/{id}",
  tags: ["silences"],
  summary: "Expire a silence",
  description: "Ends it now (a pending one never starts). Expiring an expired silence changes " +
    "nothing and answers 200, as Alertmanager does. Requires the API key when one is set.",
  security: [{ bearer: [] }],
  request: { params: idParams },
  responses: {
    200: {
      description: "The silence, now expired.",
      content: json(z.object({ silence: silenceOut, notified: z.boolean() })),
    },
    404: notFoundResponse("No silence with that id."),
    ...commonErrors,
    ...mutatingErrors,
  },
});

/**
 * The silence routes.
 *
 * @example
 * ```ts ignore
 * silences.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const silences: Resource = {
  tag: "silences",
  description: "Silences mute matching alerts for a while.",
  register(app, deps) {
    app.openapi(list, async (c) => {
      const { state } = c.req.valid("query");
      const silencer = await loadSilencer(deps.store.alerts, c.get("log"));
      return c.json({ silences: silencer.list(deps.now(), state) }, 200);
    });

    app.openapi(one, async (c) => {
      const { id } = c.req.valid("param");
      const silence = await deps.store.alerts.silence(id);
      if (!silence) return c.json(errorBody(c, `no silence with id ${JSON.stringify(id)}`), 404);
      return c.json({ silence: view(silence, deps.now()) }, 200);
    });

    app.openapi(post, async (c) => {
      const input = c.req.valid("json");
      const now = deps.now();
      const previous = input.id === undefined ? null : await deps.store.alerts.silence(input.id);
      const plan = planSilence(input, previous, now, () => crypto.randomUUID());
      switch (plan.kind) {
        case "invalid":
          return invalid(c, "json", plan.problems);
        case "not_found":
          return c.json(errorBody(c, `no silence with id ${JSON.stringify(plan.id)}`), 404);
        case "updated": {
          const notified = await save(deps, [plan.silence], c.get("log"));
          return c.json({ id: plan.silence.id, notified }, 200);
        }
        case "created": {
          // The replacement first: a crash in between leaves both active
          // rather than a gap in which the alerts are not silenced.
          const writes = plan.expired ? [plan.silence, plan.expired] : [plan.silence];
          const notified = await save(deps, writes, c.get("log"));
          return c.json({ id: plan.silence.id, notified, replaced: plan.expired?.id ?? null }, 201);
        }
      }
    });

    app.openapi(expire, async (c) => {
      const { id } = c.req.valid("param");
      const silence = await deps.store.alerts.silence(id);
      if (!silence) return c.json(errorBody(c, `no silence with id ${JSON.stringify(id)}`), 404);
      const now = deps.now();
      const ended = expireSilence(silence, now);
      if (!ended) return c.json({ silence: view(silence, now), notified: false }, 200);
      const notified = await save(deps, [ended], c.get("log"));
      return c.json({ silence: view(ended, now), notified }, 200);
    });
  },
};

function view(silence: Silence, now: number) {
  return { ...silence, status: { state: silenceState(silence, now) } };
}

/** Stores each silence, then tells the alerter; true when every publish succeeded. */
async function save(deps: ApiDeps, silences: Silence[], log: Logger): Promise<boolean> {
  for (const s of silences) await deps.store.alerts.saveSilence(s);
  let notified = true;
  for (const s of silences) {
    log.info("silence {id} saved by {createdBy}, ends {endsAt}", {
      id: s.id,
      createdBy: s.createdBy,
      endsAt: new Date(s.endsAt).toISOString(),
    });
    const message = createMessage("silence", s, {
      source: "api",
      key: `silence:${s.id}`,
      now: s.updatedAt,
    });
    notified = await tellAlerter(deps, message, log) && notified;
  }
  return notified;
}
