/**
 * Schema of the notification outbox as the API shows it.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";

const epochMs = z.number().int().openapi({ description: "Epoch milliseconds." });

/**
 * The `status` filter of `GET /notifications`.
 *
 * @example
 * ```ts
 * outboxStatusParam.parse("dead");
 * ```
 */
export const outboxStatusParam = z.enum(["pending", "sent", "dead"]);

/**
 * One outbox row: one notification for one channel target.
 *
 * @example
 * ```ts ignore
 * notificationOut.parse(body.notifications[0]);
 * ```
 */
export const notificationOut = z.object({
  id: z.string().openapi({ description: "Also the idempotency key of every delivery attempt." }),
  channel: z.enum(["telegram", "email", "webhook"]),
  target: z.string().openapi({
    description:
      "Chat id, e-mail addresses or URL; a URL keeps its scheme, host and port, while its " +
      "credentials, path and query string read `***`.",
  }),
  receiver: z.string(),
  groupKey: z.string(),
  status: outboxStatusParam,
  attempts: z.number().int(),
  nextAttemptAt: epochMs,
  lastError: z.string().nullable(),
  createdAt: epochMs,
  sentAt: epochMs.nullable(),
  notification: z.object({
    status: z.enum(["firing", "resolved"]),
    groupLabels: z.record(z.string(), z.string()),
    fingerprints: z.array(z.string()),
    truncatedAlerts: z.number().int(),
  }).openapi({ description: "What it says, in short." }),
}).openapi("Notification");
