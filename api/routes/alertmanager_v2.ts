/**
 * `POST /api/v2/alerts`: Alertmanager's API for posting alerts, so
 * Prometheus (`alerting.alertmanagers` pointing here, with
 * `path_prefix: /` and the API key as bearer token) sends its alerts through
 * our routing, silences and notifiers.
 *
 * @module
 */
import { createRoute } from "@hono/zod-openapi";
import { createMessage, type Message } from "../../messages/mod.ts";
import { fromPostable } from "../alerting/postable.ts";
import { errorBody } from "../errors.ts";
import { postableAlertsSchema } from "../schemas/alertmanager.ts";
import { commonErrors, errorSchema, mutatingErrors } from "../schemas/errors.ts";
import type { Resource } from "./resource.ts";

/**
 * Prefix of the Alertmanager-compatible routes.
 *
 * @example
 * ```ts ignore
 * await app.request(`${ALERTMANAGER_PREFIX}/alerts`, { method: "POST", body: "[]" });
 * ```
 */
export const ALERTMANAGER_PREFIX = "/api/v2";

const route = createRoute({
  method: "post",
  path: "/alerts",
  tags: ["alertmanager"],
  summary: "Post alerts as Prometheus does (Alertmanager API v2)",
  description: "A JSON array of `PostableAlert`. Each becomes an `alert` message to the " +
    "alerter: firing until its `endsAt`, resolved when `endsAt` is not after now. The batch " +
    "is refused whole (400, `details` name index and field) when any alert is invalid. " +
    "Requires the API key when one is set.",
  security: [{ bearer: [] }],
  request: {
    body: { required: true, content: { "application/json": { schema: postableAlertsSchema } } },
  },
  responses: {
    200: { description: "Accepted; empty body, as Alertmanager answers." },
    ...commonErrors,
    ...mutatingErrors,
    503: {
      description: "The alerter's bus is not available to this process or refused the alerts " +
        "(Prometheus retries), or the handler did not finish in time.",
      content: { "application/json": { schema: errorSchema } },
    },
  },
});

/**
 * `POST /alerts`, for mounting at {@linkcode ALERTMANAGER_PREFIX}.
 *
 * @example
 * ```ts ignore
 * alertmanagerV2.register(v2, deps); app.route(ALERTMANAGER_PREFIX, v2);
 * ```
 */
export const alertmanagerV2: Resource = {
  tag: "alertmanager",
  description: "Alertmanager-compatible intake (`/api/v2`) for Prometheus.",
  register(app, deps) {
    app.openapi(route, async (c) => {
      const posted = c.req.valid("json");
      const publish = deps.publish;
      if (!publish) return c.json(errorBody(c, "alerter bus not available"), 503);
      const now = deps.now();
      const messages: Message[] = posted.map((p) => {
        const { fingerprint, alert } = fromPostable(p, now);
        return createMessage("alert", alert, {
          source: "prometheus",
          key: `alert:${fingerprint}`,
          now,
        });
      });
      try {
        for (const message of messages) await publish(message);
      } catch (e) {
        deps.logger.warn("alerts from {client} not published: {error}", {
          client: c.req.header("User-Agent") ?? "unknown",
          error: String(e),
          requestId: c.get("requestId"),
        });
        return c.json(errorBody(c, "the alerter bus did not take the alerts; retry"), 503);
      }
      return c.body(null, 200);
    });
  },
};
