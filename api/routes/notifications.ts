/**
 * `GET /notifications`: the durable notification outbox, for seeing what
 * was sent, what is being retried and what gave up.
 *
 * @module
 */
import { createRoute, z } from "@hono/zod-openapi";
import { notificationView } from "../alerting/views.ts";
import { commonErrors } from "../schemas/errors.ts";
import { notificationOut, outboxStatusParam } from "../schemas/notifications.ts";
import { limitParam } from "../schemas/params.ts";
import type { Resource } from "./resource.ts";

const route = createRoute({
  method: "get",
  path: "/notifications",
  tags: ["notifications"],
  summary: "Notifications in the outbox, newest first",
  description: "One row per notification and channel target: `pending` (queued or being " +
    "retried; see `attempts`, `nextAttemptAt`, `lastError`), `sent`, or `dead` (gave up after " +
    "the configured attempts). Credentials in targets and errors read `***`.",
  request: {
    query: z.strictObject({
      status: outboxStatusParam.optional(),
      limit: limitParam(100),
    }),
  },
  responses: {
    200: {
      description: "Outbox rows.",
      content: {
        "application/json": {
          schema: z.object({ notifications: z.array(notificationOut) }),
        },
      },
    },
    ...commonErrors,
  },
});

/**
 * `GET /notifications`.
 *
 * @example
 * ```ts ignore
 * notifications.register(v1, deps); // adds its routes to the /api/v1 app
 * ```
 */
export const notifications: Resource = {
  tag: "notifications",
  description: "The notification outbox: delivery state per channel target.",
  register(app, deps) {
    app.openapi(route, async (c) => {
      const { status, limit } = c.req.valid("query");
      const rows = await deps.store.alerts.outbox({ status, limit });
      return c.json({ notifications: rows.map(notificationView) }, 200);
    });
  },
};
