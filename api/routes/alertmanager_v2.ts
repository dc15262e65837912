/**
 * `POST /api/v2/alerts`: Alertmanager's API for posting alerts, so
 * Prometheus (`alerting.alertmanagers` pointing here, with
 * `path_prefix: /` and the API key as bearer token) sends its alerts through
 * our routing, silences and notifiers.
 *
 * @module
 */
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createMessage, type Message } from "../../messages/mod.ts";
import { invalid, type Problem } from "../alerting/invalid.ts";
import { fromPostable } from "../alerting/postable.ts";
import type { ApiDeps, ApiEnv } from "../deps.ts";
import { errorBody, validationHook } from "../errors.ts";
import {
  type PostableAlert,
  postableAlertSchema,
  postableAlertsSchema,
} from "../schemas/alertmanager.ts";
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
    "alerter: firing until its `endsAt`, resolved when `endsAt` is not after now. As in " +
    "Alertmanager, the valid alerts of a batch are taken even when others are invalid; the " +
    "answer is then 400 and `details` name each bad alert's index and field. " +
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
    app.openapi(
      route,
      (c) => accept(c, deps, c.req.valid("json"), []),
      // One bad alert must not cost Prometheus the rest of its batch: take the
      // valid ones, then answer 400 naming the others (Alertmanager does the same).
      async (result, c) => {
        if (result.success || result.target !== "json") return validationHook(result, c);
        // Hono keeps the parsed body, so reading it again costs no second parse of the stream.
        const body: unknown = await c.req.json().catch(() => undefined);
        if (!Array.isArray(body)) return validationHook(result, c);
        const valid: PostableAlert[] = [];
        const problems: Problem[] = [];
        body.forEach((raw, index) => {
          const parsed = postableAlertSchema.safeParse(raw);
          if (parsed.success) return valid.push(parsed.data);
          for (const issue of parsed.error.issues) {
            problems.push({ path: [index, ...issue.path].join("."), message: issue.message });
          }
        });
        return accept(c, deps, valid, problems);
      },
    );
  },
};

/** Publishes `posted` to the alerter; 400 afterwards when `problems` names rejected alerts. */
async function accept(
  c: Context<ApiEnv>,
  deps: ApiDeps,
  posted: readonly PostableAlert[],
  problems: readonly Problem[],
): Promise<Response> {
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
    c.get("log").warn("alerts from {client} not published: {error}", {
      client: c.req.header("User-Agent") ?? "unknown",
      error: String(e),
    });
    return c.json(errorBody(c, "the alerter bus did not take the alerts; retry"), 503);
  }
  if (problems.length > 0) return invalid(c, "json", problems);
  return c.body(null, 200);
}
