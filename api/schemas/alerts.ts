/**
 * Schemas of the alert routes: query parameters, the ack body, and the
 * alerts, groups and statistics they answer with.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import type { AlertStatus } from "../../alerting/dispatch/mod.ts";
import type { Severity } from "../../alerting/model.ts";
import type { AlertStatsRow } from "../../store/mod.ts";

const epochMs = z.number().int().openapi({ description: "Epoch milliseconds." });
const labels = z.record(z.string(), z.string());

/**
 * An alert fingerprint: 16 lowercase hex digits.
 *
 * @example
 * ```ts
 * fingerprintParam.parse("0123456789abcdef");
 * ```
 */
export const fingerprintParam = z.string().regex(
  /^[0-9a-f]{16}$/,
  "expected a fingerprint of 16 lowercase hex digits",
).openapi({ param: { name: "fingerprint", in: "path" }, example: "0123456789abcdef" });

/**
 * The `state` filter of alert listings.
 *
 * @example
 * ```ts
 * alertStateParam.parse("firing");
 * ```
 */
export const alertStateParam = z.enum(["pending", "firing", "resolved"]);

/**
 * The `severity` filter of alert listings.
 *
 * @example
 * ```ts
 * severityParam.parse("critical");
 * ```
 */
export const severityParam = z.enum(["info", "warning", "critical"]) satisfies z.ZodType<Severity>;

/**
 * The repeatable `label` filter: matchers, checked by the handler (a 400
 * names the bad one).
 *
 * @example
 * ```ts
 * labelParam.parse(["symbol=BTC/USDT", 'severity=~"warning|critical"']);
 * ```
 */
export const labelParam = z.union([z.string(), z.array(z.string())]).openapi({
  description: 'Repeatable label matcher: `name=value`, `name="value"`, `name!=value`, ' +
    '`name=~"regex"`, `name!~"regex"` (Alertmanager syntax, regexes fully anchored). ' +
    "An alert must satisfy all of them.",
  example: 'symbol="BTC/USDT"',
});

/**
 * Body of `POST /alerts/{fingerprint}/ack` (optional).
 *
 * @example
 * ```ts
 * ackBody.parse({ by: "alice", comment: "looking" });
 * ```
 */
export const ackBody = z.strictObject({
  by: z.string().trim().min(1).max(256).optional().openapi({ description: 'Default "api".' }),
  comment: z.string().max(4096).optional().openapi({
    description: "Logged with the acknowledgement; not stored.",
  }),
});

/**
 * Whether an alert reaches its receivers now.
 *
 * @example
 * ```ts
 * alertStatusOut.parse({ state: "suppressed", silencedBy: ["s1"], inhibitedBy: [] });
 * ```
 */
export const alertStatusOut = z.object({
  state: z.enum(["active", "suppressed", "unprocessed"]).openapi({
    description: "`suppressed`: a silence or inhibition mutes it; `unprocessed`: not firing " +
      "(pending, resolved, or past its `endsAt`), so nothing is routed.",
  }),
  silencedBy: z.array(z.string()).openapi({ description: "Ids of active silences matching it." }),
  inhibitedBy: z.array(z.string()).openapi({
    description: "Fingerprints of firing alerts that inhibit it.",
  }),
}).openapi("AlertStatus") satisfies z.ZodType<AlertStatus>;

/**
 * A stored alert with its acknowledgement and status.
 *
 * @example
 * ```ts ignore
 * alertOut.parse(body.alerts[0]);
 * ```
 */
export const alertOut = z.object({
  fingerprint: z.string(),
  labels,
  annotations: labels,
  state: alertStateParam,
  startsAt: epochMs,
  endsAt: epochMs.nullable().openapi({
    description: "When it resolved, or for a firing alert when it will count as resolved.",
  }),
  generatorUrl: z.string().nullable(),
  updatedAt: epochMs,
  ack: z.object({ at: epochMs, by: z.string(), comment: z.string().nullable() }).nullable(),
  status: alertStatusOut,
}).openapi("Alert");

/**
 * An alert in a group, with the receivers it is routed to.
 *
 * @example
 * ```ts ignore
 * groupedAlertOut.parse(body.groups[0].alerts[0]);
 * ```
 */
export const groupedAlertOut = alertOut.extend({
  receivers: z.array(z.object({ name: z.string() })),
}).openapi("GroupedAlert");

/**
 * One aggregation group (Alertmanager's AlertGroup).
 *
 * @example
 * ```ts ignore
 * alertGroupOut.parse(body.groups[0]);
 * ```
 */
export const alertGroupOut = z.object({
  labels,
  receiver: z.object({ name: z.string() }),
  groupKey: z.string(),
  routeId: z.string(),
  alerts: z.array(groupedAlertOut),
}).openapi("AlertGroup");

/**
 * Alert history of one (alertname, severity).
 *
 * @example
 * ```ts
 * alertStatsOut.parse({
 *   alertname: "StaleData", severity: "warning", count: 3, resolved: 2,
 *   meanResolveMs: 60_000, maxResolveMs: 90_000,
 * });
 * ```
 */
export const alertStatsOut = z.object({
  alertname: z.string(),
  severity: z.string(),
  count: z.number().int().openapi({ description: "Episodes that started since `since`." }),
  resolved: z.number().int(),
  meanResolveMs: z.number().nullable(),
  maxResolveMs: z.number().nullable(),
}).openapi("AlertStats") satisfies z.ZodType<AlertStatsRow>;
