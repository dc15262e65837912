/**
 * SQL of the alerting tables, shared by both backends. Statements use `?`
 * placeholders (the PostgreSQL adapter renumbers them); the few places where
 * the dialects differ — how a JSON parameter is bound, how labels are
 * filtered — are chosen by {@linkcode alertSql}'s `dialect`.
 *
 * JSON values are always bound as text: on PostgreSQL as `?::text::jsonb`, so
 * the driver never guesses a type for an array or object parameter.
 *
 * @module
 */
import {
  ALERT_COLUMNS,
  JSON_COLUMNS,
  LOG_COLUMNS,
  OUTBOX_COLUMNS,
  SILENCE_COLUMNS,
} from "./alert_columns.ts";
import type { AlertQuery, OutboxQuery, PruneResult } from "./alert_types.ts";
import { checkLimit, type Statement } from "./sql.ts";

export {
  alertValues,
  historyValues,
  logValues,
  outboxValues,
  silenceValues,
} from "./alert_columns.ts";

/**
 * Which backend a statement is written for.
 *
 * @example
 * ```ts
 * const dialect: Dialect = "sqlite";
 * ```
 */
export type Dialect = "sqlite" | "postgres";

/** Default row cap of listings, as the port documents. */
const DEFAULT_LIMIT = 500;

// Only rows nothing reads any more: a firing alert, an open episode or a
// pending notification is live state, however old.
const PRUNE = {
  alerts: `DELETE FROM alerts WHERE state = 'resolved' AND updated_at < ?`,
  history: `DELETE FROM alert_history WHERE ends_at IS NOT NULL AND ends_at < ?`,
  outbox: `DELETE FROM notification_outbox WHERE status IN ('sent', 'dead') AND created_at < ?`,
  notificationLog: `DELETE FROM notification_log WHERE sent_at < ?`,
  silences: `DELETE FROM silences WHERE ends_at < ?`,
} as const satisfies Record<keyof PruneResult, string>;

/**
 * Checks a retention cutoff before it reaches SQL: epoch ms as an integer, as
 * every time column stores (PostgreSQL would reject a fraction for `bigint`,
 * SQLite would compare NaN as NULL and silently delete nothing).
 *
 * @example
 * ```ts
 * const before = checkCutoff(now - retentionMs, "prune");
 * ```
 */
export function checkCutoff(before: number, what: string): number {
  if (!Number.isSafeInteger(before)) {
    throw new RangeError(`${what}: cutoff must be an integer epoch ms, got ${before}`);
  }
  return before;
}

/**
 * Statement texts and builders for one dialect.
 *
 * @example
 * ```ts
 * const q = alertSql("postgres");
 * const { text, values } = q.list({ state: "firing" });
 * ```
 */
export interface AlertSql {
  upsertAlert: string;
  upsertHistory: string;
  selectAlert: string;
  ackAlert: string;
  deleteResolvedBefore: string;
  /** One DELETE per kind of {@linkcode PruneResult}, each bound to the cutoff alone. */
  prune: Readonly<Record<keyof PruneResult, string>>;
  stats: string;
  upsertSilence: string;
  selectSilence: string;
  selectSilences: string;
  insertOutbox: string;
  upsertLog: string;
  selectLog: string;
  markSent: string;
  markFailed: string;
  /** The columns every outbox read returns, comma-separated. */
  outboxList: string;
  list(query: AlertQuery): Statement;
  outbox(query: OutboxQuery): Statement;
}

/**
 * Builds the alerting statements for `dialect`.
 *
 * @example
 * ```ts
 * db.prepare(alertSql("sqlite").selectAlert).get(fingerprint);
 * ```
 */
export function alertSql(dialect: Dialect): AlertSql {
  const json = dialect === "postgres" ? "?::text::jsonb" : "?";
  const marks = (columns: readonly string[]) =>
    columns.map((c) => JSON_COLUMNS.has(c) ? json : "?").join(", ");
  const insert = (table: string, columns: readonly string[]) =>
    `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${marks(columns)})`;
  const alertList = ALERT_COLUMNS.join(", ");
  const outboxList = OUTBOX_COLUMNS.join(", ");
  // Only the episode's own ack survives an update: a new startsAt clears it,
  // and an ack already stored wins over whatever the writer carried.
  const keepAck = (column: string) =>
    `${column} = CASE WHEN alerts.starts_at <> excluded.starts_at THEN NULL
      WHEN alerts.acked_at IS NOT NULL THEN alerts.${column} ELSE excluded.${column} END`;
  return {
    upsertAlert: `${insert("alerts", ALERT_COLUMNS)}
      ON CONFLICT (fingerprint) DO UPDATE SET
        alertname = excluded.alertname, severity = excluded.severity,
        labels = excluded.labels, annotations = excluded.annotations, state = excluded.state,
        starts_at = excluded.starts_at, ends_at = excluded.ends_at,
        generator_url = excluded.generator_url, updated_at = excluded.updated_at,
        ${keepAck("acked_at")}, ${keepAck("acked_by")}, ${keepAck("ack_comment")}`,
    upsertHistory: `INSERT INTO alert_history (fingerprint, starts_at, alertname, severity, ends_at)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (fingerprint, starts_at) DO UPDATE SET
        alertname = excluded.alertname, severity = excluded.severity, ends_at = excluded.ends_at`,
    selectAlert: `SELECT ${alertList} FROM alerts WHERE fingerprint = ?`,
    ackAlert: `UPDATE alerts SET acked_at = ?, acked_by = ?, ack_comment = ?,
        updated_at = CASE WHEN updated_at < ? THEN ? ELSE updated_at END
      WHERE fingerprint = ? RETURNING ${alertList}`,
    deleteResolvedBefore: PRUNE.alerts,
    prune: PRUNE,
    // avg over bigint is numeric on PostgreSQL, which the driver returns as a
    // string; "double precision" has REAL affinity in SQLite, so one cast fits both.
    stats: `SELECT alertname, severity, count(*) AS count, count(ends_at) AS resolved,
        CAST(avg(ends_at - starts_at) AS double precision) AS mean_resolve_ms,
        max(ends_at - starts_at) AS max_resolve_ms
      FROM alert_history WHERE starts_at >= ?
      GROUP BY alertname, severity ORDER BY count(*) DESC, alertname, severity`,
    upsertSilence: `${insert("silences", SILENCE_COLUMNS)}
      ON CONFLICT (id) DO UPDATE SET matchers = excluded.matchers,
        starts_at = excluded.starts_at, ends_at = excluded.ends_at,
        created_by = excluded.created_by, comment = excluded.comment,
        updated_at = excluded.updated_at`,
    selectSilence: `SELECT ${SILENCE_COLUMNS.join(", ")} FROM silences WHERE id = ?`,
    selectSilences: `SELECT ${SILENCE_COLUMNS.join(", ")} FROM silences
      ORDER BY updated_at DESC, id`,
    insertOutbox: `${insert("notification_outbox", OUTBOX_COLUMNS)}
      ON CONFLICT (id) DO NOTHING RETURNING id`,
    upsertLog: `${insert("notification_log", LOG_COLUMNS)}
      ON CONFLICT (receiver, group_key) DO UPDATE SET
        firing = excluded.firing, resolved = excluded.resolved, sent_at = excluded.sent_at`,
    selectLog: `SELECT ${LOG_COLUMNS.join(", ")} FROM notification_log
      WHERE receiver = ? AND group_key = ?`,
    markSent: `UPDATE notification_outbox SET status = 'sent', sent_at = ?
      WHERE id = ? AND status <> 'sent'`,
    // A late failure report never revives a row another sender already
    // delivered (or dead-lettered).
    markFailed: `UPDATE notification_outbox SET attempts = ?, next_attempt_at = ?,
        last_error = ?, status = ?
      WHERE id = ? AND status = 'pending'`,
    outboxList,
    list: (query) => listStatement(dialect, alertList, query),
    outbox: (query) => {
      const limit = checkLimit(query.limit, DEFAULT_LIMIT, "outbox");
      const where = query.status === undefined ? "" : "WHERE status = ?";
      const values: unknown[] = query.status === undefined ? [] : [query.status];
      return {
        text: `SELECT ${outboxList} FROM notification_outbox ${where}
          ORDER BY created_at DESC, id DESC LIMIT ?`,
        values: [...values, limit],
      };
    },
  };
}

function listStatement(dialect: Dialect, columns: string, query: AlertQuery): Statement {
  const parts: string[] = [];
  const values: unknown[] = [];
  if (query.state !== undefined) {
    parts.push("state = ?");
    values.push(query.state);
  }
  if (query.severity !== undefined) {
    parts.push("severity = ?");
    values.push(query.severity);
  }
  const labels = Object.entries(query.labels ?? {});
  if (dialect === "postgres") {
    if (labels.length > 0) {
      parts.push("labels @> ?::text::jsonb");
      values.push(JSON.stringify(Object.fromEntries(labels)));
    }
  } else {
    // json_each compares the key as data, so any label name works; a JSON
    // path would need the name spliced into the path string.
    for (const [name, value] of labels) {
      parts.push(
        "EXISTS (SELECT 1 FROM json_each(alerts.labels) AS l " +
          "WHERE l.key = ? AND l.type = 'text' AND l.value = ?)",
      );
      values.push(name, value);
    }
  }
  const limit = checkLimit(query.limit, DEFAULT_LIMIT, "alerts");
  const where = parts.length > 0 ? `WHERE ${parts.join(" AND ")}` : "";
  return {
    text: `SELECT ${columns} FROM alerts ${where} ORDER BY updated_at DESC, fingerprint LIMIT ?`,
    values: [...values, limit],
  };
}
