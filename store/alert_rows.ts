/**
 * Decoding rows of the alerting tables into the alert model, shared by both
 * backends. JSON columns arrive as text (SQLite) or already parsed (jsonb);
 * either way their shape is checked, and a row that does not decode fails
 * with an error naming the table, the row's key and the column, so an
 * operator can find and repair it.
 *
 * @module
 */
import type {
  AlertRecord,
  Channel,
  Labels,
  Matcher,
  NotificationData,
  OutboxRecord,
  Silence,
} from "../alerting/model.ts";
import type { AlertStatsRow, NotificationLogEntry } from "./alert_types.ts";
import type { Row } from "./rows.ts";

const STATES = ["pending", "firing", "resolved"] as const;
const CHANNELS: readonly Channel[] = ["telegram", "email", "webhook"];
const OUTBOX_STATUSES = ["pending", "sent", "dead"] as const;
const MATCH_TYPES = ["=", "!=", "=~", "!~"] as const;

/** Reads one row; every failure names where it happened. */
class Reader {
  constructor(readonly table: string, readonly key: string, readonly row: Row) {}

  fail(column: string, problem: string): never {
    throw new TypeError(`store: ${this.table} row ${this.key}, column ${column}: ${problem}`);
  }

  num(column: string): number {
    const v = this.row[column];
    if (typeof v !== "number") this.fail(column, `expected a number, got ${describe(v)}`);
    return v;
  }

  optNum(column: string): number | undefined {
    return this.row[column] === null ? undefined : this.num(column);
  }

  str(column: string): string {
    const v = this.row[column];
    if (typeof v !== "string") this.fail(column, `expected a string, got ${describe(v)}`);
    return v;
  }

  optStr(column: string): string | undefined {
    return this.row[column] === null ? undefined : this.str(column);
  }

  oneOf<T extends string>(column: string, allowed: readonly T[]): T {
    const v = this.str(column);
    if (!(allowed as readonly string[]).includes(v)) {
      this.fail(column, `expected one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }

  json(column: string): unknown {
    const raw = this.row[column];
    if (typeof raw !== "string") return raw;
    try {
      return JSON.parse(raw);
    } catch (e) {
      return this.fail(column, `invalid JSON (${e instanceof Error ? e.message : e})`);
    }
  }

  labels(column: string): Labels {
    const v = this.json(column);
    if (!isStringRecord(v)) this.fail(column, `expected an object of strings, got ${describe(v)}`);
    return { ...v };
  }

  matchers(column: string): Matcher[] {
    const v = this.json(column);
    if (!Array.isArray(v) || !v.every(isMatcher)) {
      this.fail(column, `expected an array of {name, type, value}, got ${describe(v)}`);
    }
    return v.map((m: Matcher) => ({ name: m.name, type: m.type, value: m.value }));
  }

  notification(column: string): NotificationData {
    const v = this.json(column);
    if (!isNotificationData(v)) {
      this.fail(
        column,
        `expected a notification (receiver, status, groupKey, alerts...), got ${describe(v)}`,
      );
    }
    return v;
  }

  strings(column: string): string[] {
    const v = this.json(column);
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) {
      this.fail(column, `expected an array of strings, got ${describe(v)}`);
    }
    return [...v];
  }
}

function describe(v: unknown): string {
  const text = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  const short = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return `${v === null ? "null" : Array.isArray(v) ? "array" : typeof v} ${short}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return isRecord(v) && Object.values(v).every((s) => typeof s === "string");
}

function isMatcher(v: unknown): v is Matcher {
  return isRecord(v) && typeof v.name === "string" && typeof v.value === "string" &&
    (MATCH_TYPES as readonly unknown[]).includes(v.type);
}

/** The envelope of a notification; its alerts are checked for identity and labels only. */
function isNotificationData(v: unknown): v is NotificationData {
  return isRecord(v) && typeof v.receiver === "string" && typeof v.groupKey === "string" &&
    (v.status === "firing" || v.status === "resolved") && isStringRecord(v.groupLabels) &&
    isStringRecord(v.commonLabels) && isStringRecord(v.commonAnnotations) &&
    typeof v.truncatedAlerts === "number" && Array.isArray(v.alerts) &&
    v.alerts.every((a) =>
      isRecord(a) && typeof a.fingerprint === "string" && isStringRecord(a.labels)
    );
}

/**
 * Decodes an `alerts` row; absent optional fields are left out, not `undefined`.
 *
 * @example
 * ```ts
 * const record = alertFromRow(row);
 * ```
 */
export function alertFromRow(row: Row): AlertRecord {
  const r = new Reader("alerts", `fingerprint=${JSON.stringify(row.fingerprint)}`, row);
  const record: AlertRecord = {
    fingerprint: r.str("fingerprint"),
    labels: r.labels("labels"),
    annotations: r.labels("annotations"),
    state: r.oneOf("state", STATES),
    startsAt: r.num("starts_at"),
    updatedAt: r.num("updated_at"),
  };
  const endsAt = r.optNum("ends_at");
  if (endsAt !== undefined) record.endsAt = endsAt;
  const generatorUrl = r.optStr("generator_url");
  if (generatorUrl !== undefined) record.generatorUrl = generatorUrl;
  const ackedAt = r.optNum("acked_at");
  if (ackedAt !== undefined) record.ackedAt = ackedAt;
  const ackedBy = r.optStr("acked_by");
  if (ackedBy !== undefined) record.ackedBy = ackedBy;
  const ackComment = r.optStr("ack_comment");
  if (ackComment !== undefined) record.ackComment = ackComment;
  return record;
}

/**
 * Decodes a `silences` row.
 *
 * @example
 * ```ts
 * const silence = silenceFromRow(row);
 * ```
 */
export function silenceFromRow(row: Row): Silence {
  const r = new Reader("silences", `id=${JSON.stringify(row.id)}`, row);
  return {
    id: r.str("id"),
    matchers: r.matchers("matchers"),
    startsAt: r.num("starts_at"),
    endsAt: r.num("ends_at"),
    createdBy: r.str("created_by"),
    comment: r.str("comment"),
    updatedAt: r.num("updated_at"),
  };
}

/**
 * Decodes a `notification_outbox` row.
 *
 * @example
 * ```ts
 * const record = outboxFromRow(row);
 * ```
 */
export function outboxFromRow(row: Row): OutboxRecord {
  const r = new Reader("notification_outbox", `id=${JSON.stringify(row.id)}`, row);
  const record: OutboxRecord = {
    id: r.str("id"),
    channel: r.oneOf("channel", CHANNELS),
    target: r.str("target"),
    receiver: r.str("receiver"),
    groupKey: r.str("group_key"),
    data: r.notification("data"),
    status: r.oneOf("status", OUTBOX_STATUSES),
    attempts: r.num("attempts"),
    nextAttemptAt: r.num("next_attempt_at"),
    createdAt: r.num("created_at"),
  };
  const lastError = r.optStr("last_error");
  if (lastError !== undefined) record.lastError = lastError;
  const sentAt = r.optNum("sent_at");
  if (sentAt !== undefined) record.sentAt = sentAt;
  return record;
}

/**
 * Decodes a `notification_log` row.
 *
 * @example
 * ```ts
 * const entry = logFromRow(row);
 * ```
 */
export function logFromRow(row: Row): NotificationLogEntry {
  const key = `receiver=${JSON.stringify(row.receiver)} group_key=${JSON.stringify(row.group_key)}`;
  const r = new Reader("notification_log", key, row);
  return {
    receiver: r.str("receiver"),
    groupKey: r.str("group_key"),
    firing: r.strings("firing"),
    resolved: r.strings("resolved"),
    sentAt: r.num("sent_at"),
  };
}

/**
 * Decodes one row of the statistics query.
 *
 * @example
 * ```ts
 * const stats = rows.map(statsFromRow);
 * ```
 */
export function statsFromRow(row: Row): AlertStatsRow {
  const key = `alertname=${JSON.stringify(row.alertname)} severity=${JSON.stringify(row.severity)}`;
  const r = new Reader("alert_history", key, row);
  const resolved = r.num("resolved");
  return {
    alertname: r.str("alertname"),
    severity: r.str("severity"),
    count: r.num("count"),
    resolved,
    meanResolveMs: resolved === 0 ? null : r.num("mean_resolve_ms"),
    maxResolveMs: resolved === 0 ? null : r.num("max_resolve_ms"),
  };
}
