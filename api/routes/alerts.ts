/**
 * `GET /alerts`, `POST /alerts/{fingerprint}/ack`, `GET /alerts/groups` and
 * `GET /alerts/stats`: the alerts the alerter stored, what mutes them, how
 * the routing tree groups them, and their history.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Logger } from "@logtape/logtape";
import { computeGroups } from "../../alerting/dispatch/mod.ts";
import { createMessage } from "../../messages/mod.ts";
import {
  ACTIVE_LIMIT,
  type AlertingContext,
  alertingContext,
  firingAlerts,
  loadSilencer,
  tellAlerter,
} from "../alerting/context.ts";
import { badRequestResponse, invalid } from "../alerting/invalid.ts";
import { parseLabelFilter } from "../alerting/label_filter.ts";
import { alertView, groupView, type Mutes, statusOf } from "../alerting/views.ts";
import type { ApiDeps } from "../deps.ts";
import { errorBody } from "../errors.ts";
import {
  ackBody,
  alertGroupOut,
  alertOut,
  alertStateParam,
  alertStatsOut,
  fingerprintParam,
  labelParam,
  severityParam,
} from "../schemas/alerts.ts";
import { commonErrors, mutatingErrors, notFoundResponse } from "../schemas/errors.ts";
import { limitParam, noParams } from "../schemas/params.ts";
import { timeParam } from "../schemas/time.ts";
import type { Resource } from "./resource.ts";

/** Default look-back of `GET /alerts/stats`. */
const STATS_DEFAULT_MS = 7 * 86_400_000;
const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const list = createRoute({
  method: "get",
  path: "/alerts",
  tags: ["alerts"],
  summary: "Stored alerts, most recently updated first",
  description: "Each with `status`: the active silences and firing alerts that mute it now. " +
    "`label` matchers other than `name=value` are applied to the 10 000 most recently " +
    "updated alerts that pass the other filters.",
  request: {
    query: z.strictObject({
      state: alertStateParam.optional(),
      severity: severityParam.optional(),
      label: labelParam.optional(),
      limit: limitParam(100),
    }),
  },
  responses: {
    200: {
      description: "Matching alerts.",
      content: json(z.object({ alerts: z.array(alertOut) })),
    },
    ...commonErrors,
    400: badRequestResponse,
  },
});

const ack = createRoute({
  method: "post",
  path: "/alerts/{fingerprint}/ack",
  tags: ["alerts"],
  summary: "Acknowledge an alert",
  description: "Repeat notifications of the alert stop until it resolves (a new episode needs " +
    "a new ack). `notified` is false when the alerter could not be told at once; it then " +
    "reads the ack from the store when it next starts. Requires the API key when one is set.",
  security: [{ bearer: [] }],
  request: {
    params: z.object({ fingerprint: fingerprintParam }),
    body: { required: false, content: json(ackBody) },
  },
  responses: {
    200: {
      description: "Acknowledged.",
      content: json(z.object({
        fingerprint: z.string(),
        ack: z.object({ at: z.number().int(), by: z.string(), comment: z.string().nullable() }),
        notified: z.boolean(),
      })),
    },
    404: notFoundResponse("No alert with that fingerprint."),
    ...commonErrors,
    ...mutatingErrors,
  },
});

const groups = createRoute({
  method: "get",
  path: "/alerts/groups",
  tags: ["alerts"],
  summary: "Firing alerts grouped as the routing tree groups them",
  description: "Alertmanager's `GET /api/v2/alerts/groups`: one group per (route, group labels), " +
    "with the receiver and each alert's status.",
  request: { query: noParams },
  responses: {
    200: {
      description: "The groups.",
      content: json(z.object({ groups: z.array(alertGroupOut) })),
    },
    ...commonErrors,
  },
});

const stats = createRoute({
  method: "get",
  path: "/alerts/stats",
  tags: ["alerts"],
  summary: "Alert counts and time to resolve per alertname and severity",
  request: {
    query: z.strictObject({
      since: timeParam.optional().openapi({
        description: "Count episodes that started at or after this. Default: 7 days ago.",
      }),
    }),
  },
  responses: {
    200: {
      description: "One row per (alertname, severity).",
      content: json(z.object({ since: z.number().int(), stats: z.array(alertStatsOut) })),
    },
    ...commonErrors,
  },
});

/**
 * The alert routes.
 *
 * @example
 * ```ts ignore
 * alerts.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const alerts: Resource = {
  tag: "alerts",
  description: "Alerts the alerter raised or received: status, acknowledgement, groups, history.",
  register(app, deps) {
    const context = alertingContext(deps.config);

    app.openapi(list, async (c) => {
      const q = c.req.valid("query");
      const filter = parseLabelFilter(q.label);
      if (Array.isArray(filter)) return invalid(c, "query", filter);
      const rows = await deps.store.alerts.list({
        state: q.state,
        severity: q.severity,
        labels: filter.labels,
        limit: filter.rest ? ACTIVE_LIMIT : q.limit,
      });
      const page = (filter.rest ? rows.filter((a) => filter.rest!(a.labels)) : rows)
        .slice(0, q.limit);
      const mutes = await currentMutes(deps, context, c.get("log"));
      return c.json({ alerts: page.map((a) => alertView(a, statusOf(a, mutes))) }, 200);
    });

    app.openapi(ack, async (c) => {
      const { fingerprint } = c.req.valid("param");
      const body = c.req.valid("json") ?? {};
      const by = body.by ?? "api";
      const at = deps.now();
      const acked = await deps.store.alerts.ack(fingerprint, by, at, body.comment);
      if (!acked) return c.json(errorBody(c, `no alert with fingerprint ${fingerprint}`), 404);
      const log = c.get("log");
      log.info("alert {fingerprint} acknowledged by {by}: {comment}", {
        fingerprint,
        by,
        comment: body.comment ?? "",
      });
      const notified = await tellAlerter(
        deps,
        createMessage("ack", { fingerprint, by, at }, {
          source: "api",
          key: `alert:${fingerprint}`,
          now: at,
        }),
        log,
      );
      return c.json({ fingerprint, ack: { at, by, comment: body.comment ?? null }, notified }, 200);
    });

    app.openapi(groups, async (c) => {
      const now = deps.now();
      const [firing, silencer] = await Promise.all([
        firingAlerts(deps.store.alerts),
        loadSilencer(deps.store.alerts, c.get("log")),
      ]);
      const computed = computeGroups(firing, context.route, silencer, context.inhibitor, now);
      return c.json({ groups: computed.map(groupView) }, 200);
    });

    app.openapi(stats, async (c) => {
      const since = c.req.valid("query").since ?? deps.now() - STATS_DEFAULT_MS;
      return c.json({ since, stats: await deps.store.alerts.stats(since) }, 200);
    });
  },
};

async function currentMutes(
  deps: ApiDeps,
  context: AlertingContext,
  log: Logger,
): Promise<Mutes> {
  const now = deps.now();
  const [firing, silencer] = await Promise.all([
    firingAlerts(deps.store.alerts),
    loadSilencer(deps.store.alerts, log),
  ]);
  return {
    silencer,
    inhibitor: context.inhibitor,
    sources: context.inhibitor.index(firing),
    now,
  };
}
