/**
 * Columns of the alerting tables, in the order their statements bind them,
 * and the positional values of each row kind (as `columns.ts` is for the
 * market and paper tables).
 *
 * @module
 */
import type { AlertRecord, OutboxRecord, Silence } from "../alerting/model.ts";
import type { NotificationLogEntry } from "./alert_types.ts";

/**
 * Columns of `alerts`, in {@linkcode alertValues} order.
 *
 * @example
 * ```ts
 * ALERT_COLUMNS[0]; // "fingerprint"
 * ```
 */
export const ALERT_COLUMNS = [
  "fingerprint",
  "alertname",
  "severity",
  "labels",
  "annotations",
  "state",
  "starts_at",
  "ends_at",
  "generator_url",
  "updated_at",
  "acked_at",
  "acked_by",
  "ack_comment",
] as const;
/**
 * Columns of `silences`, in {@linkcode silenceValues} order.
 *
 * @example
 * ```ts
 * SILENCE_COLUMNS.includes("matchers"); // true
 * ```
 */
export const SILENCE_COLUMNS = [
  "id",
  "matchers",
  "starts_at",
  "ends_at",
  "created_by",
  "comment",
  "updated_at",
] as const;
/**
 * Columns of `notification_outbox`, in {@linkcode outboxValues} order.
 *
 * @example
 * ```ts
 * OUTBOX_COLUMNS.at(-1); // "sent_at"
 * ```
 */
export const OUTBOX_COLUMNS = [
  "id",
  "channel",
  "target",
  "receiver",
  "group_key",
  "data",
  "status",
  "attempts",
  "next_attempt_at",
  "last_error",
  "created_at",
  "sent_at",
] as const;
/**
 * Columns of `notification_log`, in {@linkcode logValues} order.
 *
 * @example
 * ```ts
 * LOG_COLUMNS.length; // 5
 * ```
 */
export const LOG_COLUMNS = ["receiver", "group_key", "firing", "resolved", "sent_at"] as const;
/**
 * Columns that hold JSON: bound as text, and as `?::text::jsonb` on PostgreSQL.
 *
 * @example
 * ```ts
 * JSON_COLUMNS.has("labels"); // true
 * ```
 */
export const JSON_COLUMNS = new Set([
  "labels",
  "annotations",
  "matchers",
  "data",
  "firing",
  "resolved",
]);

/**
 * Positional values of an alert row, JSON columns as text. `alertname` and
 * `severity` are copied out of the labels for filtering and statistics; a
 * label set without them stores `""`.
 *
 * @example
 * ```ts ignore
 * db.prepare(alertSql("sqlite").upsertAlert).run(...alertValues(record));
 * ```
 */
export function alertValues(a: AlertRecord): (string | number | null)[] {
  return [
    a.fingerprint,
    a.labels.alertname ?? "",
    a.labels.severity ?? "",
    JSON.stringify(a.labels),
    JSON.stringify(a.annotations),
    a.state,
    a.startsAt,
    a.endsAt ?? null,
    a.generatorUrl ?? null,
    a.updatedAt,
    a.ackedAt ?? null,
    a.ackedAt === undefined ? null : a.ackedBy ?? null,
    a.ackedAt === undefined ? null : a.ackComment ?? null,
  ];
}

/**
 * The history row an alert writes, or `null` for a pending alert (not an
 * episode yet). A firing alert's episode is open (`ends_at` NULL even when a
 * Prometheus alert carries a future `endsAt`); a resolved one closes at its
 * `endsAt`, or at `updatedAt` when the writer left `endsAt` out.
 *
 * @example
 * ```ts ignore
 * const values = historyValues(record);
 * if (values) db.prepare(alertSql("sqlite").upsertHistory).run(...values);
 * ```
 */
export function historyValues(a: AlertRecord): (string | number | null)[] | null {
  if (a.state === "pending") return null;
  return [
    a.fingerprint,
    a.startsAt,
    a.labels.alertname ?? "",
    a.labels.severity ?? "",
    a.state === "resolved" ? a.endsAt ?? a.updatedAt : null,
  ];
}

/**
 * Positional values of a silence row.
 *
 * @example
 * ```ts ignore
 * db.prepare(alertSql("sqlite").upsertSilence).run(...silenceValues(silence));
 * ```
 */
export function silenceValues(s: Silence): (string | number)[] {
  return [
    s.id,
    JSON.stringify(s.matchers),
    s.startsAt,
    s.endsAt,
    s.createdBy,
    s.comment,
    s.updatedAt,
  ];
}

/**
 * Positional values of an outbox row.
 *
 * @example
 * ```ts ignore
 * db.prepare(alertSql("sqlite").insertOutbox).get(...outboxValues(record));
 * ```
 */
export function outboxValues(r: OutboxRecord): (string | number | null)[] {
  return [
    r.id,
    r.channel,
    r.target,
    r.receiver,
    r.groupKey,
    JSON.stringify(r.data),
    r.status,
    r.attempts,
    r.nextAttemptAt,
    r.lastError ?? null,
    r.createdAt,
    r.sentAt ?? null,
  ];
}

/**
 * Positional values of a notification-log row.
 *
 * @example
 * ```ts ignore
 * db.prepare(alertSql("sqlite").upsertLog).run(...logValues(entry));
 * ```
 */
export function logValues(e: NotificationLogEntry): (string | number)[] {
  return [
    e.receiver,
    e.groupKey,
    JSON.stringify(e.firing),
    JSON.stringify(e.resolved),
    e.sentAt,
  ];
}
