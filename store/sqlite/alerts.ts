/**
 * {@linkcode AlertStore} on the embedded SQLite file. It shares the store's
 * connection, so its transactions serialise with every other write of the
 * process, and `BEGIN IMMEDIATE` serialises them with other processes.
 *
 * @module
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import type { AlertRecord, OutboxRecord, Silence } from "../../alerting/model.ts";
import {
  alertFromRow,
  logFromRow,
  outboxFromRow,
  silenceFromRow,
  statsFromRow,
} from "../alert_rows.ts";
import {
  alertSql,
  alertValues,
  checkCutoff,
  historyValues,
  logValues,
  outboxValues,
  silenceValues,
} from "../alert_sql.ts";
import type {
  AlertQuery,
  AlertStatsRow,
  AlertStore,
  DeliveryFailure,
  NotificationLogEntry,
  OutboxQuery,
  PruneResult,
} from "../alert_types.ts";
import type { Row } from "../rows.ts";
import { checkLimit } from "../sql.ts";
import type { Timed } from "../timing.ts";
import { immediateTransaction } from "./transaction.ts";

type Values = SQLInputValue[];

const SQL = alertSql("sqlite");
// Ids are chosen in due order first, then leased by one UPDATE; both run in
// one write transaction, so no other writer sees the rows between the two.
const DUE_IDS = `SELECT id FROM notification_outbox
  WHERE status = 'pending' AND next_attempt_at <= ?
  ORDER BY next_attempt_at, created_at, id LIMIT ?`;
const LEASE = `UPDATE notification_outbox SET next_attempt_at = ?
  WHERE id IN (SELECT value FROM json_each(?)) RETURNING ${SQL.outboxList}`;

/**
 * The SQLite alert store. {@linkcode SqliteStore} builds it as `store.alerts`.
 *
 * @example
 * ```ts
 * const alerts = new SqliteAlertStore(db, createTimed(onQuery, logger));
 * await alerts.upsert([record]);
 * ```
 */
export class SqliteAlertStore implements AlertStore {
  readonly #db: DatabaseSync;
  readonly #timed: Timed;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, timed: Timed) {
    this.#db = db;
    this.#timed = timed;
  }

  #stmt(text: string): StatementSync {
    let s = this.#statements.get(text);
    if (!s) {
      s = this.#db.prepare(text);
      this.#statements.set(text, s);
    }
    return s;
  }

  #all(text: string, values: readonly unknown[]): Row[] {
    return this.#stmt(text).all(...values as Values) as Row[];
  }

  #get(text: string, values: readonly unknown[]): Row | undefined {
    return this.#stmt(text).get(...values as Values) as Row | undefined;
  }

  #run(text: string, values: readonly unknown[]): number {
    return Number(this.#stmt(text).run(...values as Values).changes);
  }

  #tx<T>(fn: () => T): T {
    return immediateTransaction(this.#db, fn);
  }

  upsert(alerts: readonly AlertRecord[]): Promise<void> {
    return this.#timed("alerts.upsert", () => {
      if (alerts.length === 0) return;
      this.#tx(() => {
        for (const alert of alerts) {
          this.#run(SQL.upsertAlert, alertValues(alert));
          const history = historyValues(alert);
          if (history) this.#run(SQL.upsertHistory, history);
        }
      });
    });
  }

  get(fingerprint: string): Promise<AlertRecord | null> {
    return this.#timed("alerts.get", () => {
      const row = this.#get(SQL.selectAlert, [fingerprint]);
      return row ? alertFromRow(row) : null;
    });
  }

  list(query: AlertQuery = {}): Promise<AlertRecord[]> {
    return this.#timed("alerts.list", () => {
      const { text, values } = SQL.list(query);
      return this.#all(text, values).map(alertFromRow);
    });
  }

  ack(
    fingerprint: string,
    by: string,
    at: number,
    comment?: string,
  ): Promise<AlertRecord | null> {
    return this.#timed("alerts.ack", () => {
      const row = this.#get(SQL.ackAlert, [at, by, comment ?? null, at, at, fingerprint]);
      return row ? alertFromRow(row) : null;
    });
  }

  deleteResolvedBefore(ts: number): Promise<number> {
    return this.#timed("alerts.delete_resolved_before", () => {
      return this.#run(SQL.deleteResolvedBefore, [ts]);
    });
  }

  prune(before: number): Promise<PruneResult> {
    return this.#timed("alerts.prune", () => {
      const cutoff = [checkCutoff(before, "prune")];
      return this.#tx(() => ({
        alerts: this.#run(SQL.prune.alerts, cutoff),
        history: this.#run(SQL.prune.history, cutoff),
        outbox: this.#run(SQL.prune.outbox, cutoff),
        notificationLog: this.#run(SQL.prune.notificationLog, cutoff),
        silences: this.#run(SQL.prune.silences, cutoff),
      }));
    });
  }

  stats(since: number): Promise<AlertStatsRow[]> {
    return this.#timed("alerts.stats", () => this.#all(SQL.stats, [since]).map(statsFromRow));
  }

  saveSilence(silence: Silence): Promise<void> {
    return this.#timed("alerts.silence_save", () => {
      this.#run(SQL.upsertSilence, silenceValues(silence));
    });
  }

  silence(id: string): Promise<Silence | null> {
    return this.#timed("alerts.silence_get", () => {
      const row = this.#get(SQL.selectSilence, [id]);
      return row ? silenceFromRow(row) : null;
    });
  }

  silences(): Promise<Silence[]> {
    return this.#timed("alerts.silence_list", () => {
      return this.#all(SQL.selectSilences, []).map(silenceFromRow);
    });
  }

  enqueue(
    records: readonly OutboxRecord[],
    log: readonly NotificationLogEntry[],
  ): Promise<number> {
    return this.#timed("alerts.enqueue", () => {
      if (records.length === 0 && log.length === 0) return 0;
      return this.#tx(() => {
        let inserted = 0;
        for (const record of records) {
          if (this.#get(SQL.insertOutbox, outboxValues(record))) inserted++;
        }
        for (const entry of log) this.#run(SQL.upsertLog, logValues(entry));
        return inserted;
      });
    });
  }

  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxRecord[]> {
    return this.#timed("alerts.claim_due", () => {
      const max = checkLimit(limit, null, "claimDue");
      return this.#tx(() => {
        const ids = this.#all(DUE_IDS, [now, max]).map((r) => r.id as string);
        if (ids.length === 0) return [];
        const byId = new Map(
          this.#all(LEASE, [now + leaseMs, JSON.stringify(ids)])
            .map((row) => [row.id, outboxFromRow(row)] as const),
        );
        return ids.flatMap((id) => byId.get(id) ?? []);
      });
    });
  }

  markSent(id: string, at: number): Promise<void> {
    return this.#timed("alerts.mark_sent", () => {
      this.#run(SQL.markSent, [at, id]);
    });
  }

  markFailed(id: string, failure: DeliveryFailure): Promise<void> {
    return this.#timed("alerts.mark_failed", () => {
      this.#run(SQL.markFailed, [
        failure.attempts,
        failure.nextAttemptAt,
        failure.error,
        failure.dead ? "dead" : "pending",
        id,
      ]);
    });
  }

  outbox(query: OutboxQuery = {}): Promise<OutboxRecord[]> {
    return this.#timed("alerts.outbox_list", () => {
      const { text, values } = SQL.outbox(query);
      return this.#all(text, values).map(outboxFromRow);
    });
  }

  notificationLog(receiver: string, groupKey: string): Promise<NotificationLogEntry | null> {
    return this.#timed("alerts.nflog_get", () => {
      const row = this.#get(SQL.selectLog, [receiver, groupKey]);
      return row ? logFromRow(row) : null;
    });
  }
}
