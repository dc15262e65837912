/**
 * Alertmanager's API v2 `PostableAlerts`, the body Prometheus sends to
 * `POST /api/v2/alerts`, validated element by element so a 400 names the
 * index and field of each bad one.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import { parseTime } from "./time.ts";

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// Go's zero time.Time, which clients written in Go send for "unset".
const GO_ZERO_TIME = /^0001-01-01T00:00:00(\.0+)?Z$/;
// RFC 3339's date-time, the only form Alertmanager's Go parser takes: a
// time without a zone, which ISO 8601 reads as UTC here, is refused.
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An RFC 3339 date-time with a zone, as epoch ms; Go's zero time reads as
 * absent (`undefined`), as Alertmanager treats it.
 *
 * @example
 * ```ts
 * rfc3339.parse("2024-01-31T12:00:00.123456789Z"); // 1706702400123
 * rfc3339.parse("0001-01-01T00:00:00Z"); // undefined
 * ```
 */
export const rfc3339 = z.string().transform((value, ctx): number | undefined => {
  if (GO_ZERO_TIME.test(value)) return undefined;
  const ms = RFC_3339.test(value) ? parseTime(value) : null;
  if (ms === null) {
    ctx.addIssue({
      code: "custom",
      message: `expected an RFC 3339 time such as 2024-01-31T12:00:00Z, received ${
        JSON.stringify(value.slice(0, 64))
      }`,
    });
    return z.NEVER;
  }
  return ms;
}).openapi({ type: "string", format: "date-time", example: "2024-01-31T12:00:00Z" });

const labelSet = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const name of Object.keys(labels)) {
    if (!LABEL_NAME.test(name)) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `${JSON.stringify(name.slice(0, 64))} is not a label name ` +
          "(letters, digits and _, not starting with a digit)",
      });
    }
  }
  if (!labels.alertname) {
    ctx.addIssue({
      code: "custom",
      path: ["alertname"],
      message: "every alert needs a non-empty alertname label",
    });
  }
});

/**
 * One alert as Prometheus posts it.
 *
 * @example
 * ```ts
 * postableAlertSchema.parse({ labels: { alertname: "HighLatency" }, startsAt: "2024-01-31T12:00:00Z" });
 * ```
 */
export const postableAlertSchema = z.object({
  labels: labelSet.openapi({ description: "Identity of the alert; `alertname` is required." }),
  annotations: z.record(z.string(), z.string()).optional(),
  startsAt: rfc3339.optional().openapi({ description: "Default: `endsAt` if given, else now." }),
  endsAt: rfc3339.optional().openapi({
    description: "When the alert stops firing unless posted again; a time not after now " +
      "resolves it. Default: 5 minutes after receipt (Alertmanager's `resolve_timeout`).",
  }),
  generatorURL: z.string().max(2048).optional(),
}).superRefine((alert, ctx) => {
  if (alert.startsAt !== undefined && alert.endsAt !== undefined && alert.endsAt < alert.startsAt) {
    ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must not be before startsAt" });
  }
}).openapi("PostableAlert");

/** One posted alert, times parsed. */
export type PostableAlert = z.infer<typeof postableAlertSchema>;

/**
 * The whole body: a JSON array of alerts.
 *
 * @example
 * ```ts
 * postableAlertsSchema.parse([{ labels: { alertname: "HighLatency" } }]).length; // 1
 * ```
 */
export const postableAlertsSchema = z.array(postableAlertSchema).openapi("PostableAlerts");
