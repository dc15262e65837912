/**
 * {@linkcode AlertStore} on PostgreSQL, sharing the store's pool. Claiming
 * due notifications locks rows with `FOR UPDATE SKIP LOCKED`, so any number
 * of senders (loops, processes, replicas) can claim at once and never get
 * the same row.
 *
 * @module
 */
import type postgres from "postgres";
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
import { checkLimit, dollarPlaceholders } from "../sql.ts";
import type { StoreOperation } from "../types.ts";
import type { PgClient } from "./connection.ts";

type Db = PgClient | postgres.TransactionSql<Record<string, unknown>>;

/**
 * Runs one store operation: times it and maps connection failures, as the
 * store's own methods do.
 *
 * @example
 * ```ts
 * const op: PgOperation = (operation, fn) => timed(operation, fn);
 * ```
 */
export type PgOperation = <T>(operation: StoreOperation, fn: () => Promise<T>) => Promise<T>;

const SQL = alertSql("postgres");
// The CTE picks and locks due rows, skipping rows another claimer holds; the
// UPDATE leases exactly those. MATERIALIZED keeps the pick evaluated once.
// The due time is returned beside the leased row to restore "oldest due first".
const CLAIM_DUE = `WITH due AS MATERIALIZED (
    SELECT id, next_attempt_at AS due_at FROM notification_outbox
    WHERE status = 'pending' AND next_attempt_at <= ?
    ORDER BY next_attempt_at, created_at, id LIMIT ?
    FOR UPDATE SKIP LOCKED)
  UPDATE notification_outbox AS o SET next_attempt_at = ?
  FROM due WHERE o.id = due.id
  RETURNING ${SQL.outboxList.split(", ").map((c) => `o.${c}`).join(", ")}, due.due_at`;

function dueOrder(a: Row, b: Row): number {
  const [x, y] = [a.due_at as number, b.due_at as number];
  if (x !== y) return x - y;
  const [p, q] = [a.created_at as number, b.created_at as number];
  if (p !== q) return p - q;
  return String(a.id) < String(b.id) ? -1 : 1;
}

/**
 * The PostgreSQL alert store. {@linkcode PostgresStore} builds it as `store.alerts`.
 *
 * @example
 * ```ts
 * const alerts = new PostgresAlertStore(client, (operation, fn) => timed(operation, fn));
 * const due = await alerts.claimDue(Date.now(), 20, 60_000);
 * ```
 */
export class PostgresAlertStore implements AlertStore {
  readonly #sql: PgClient;
  readonly #op: PgOperation;
  readonly #texts = new Map<string, string>();

  constructor(client: PgClient, op: PgOperation) {
    this.#sql = client;
    this.#op = op;
  }

  async #q(db: Db, text: string, values: readonly unknown[] = []): Promise<Row[]> {
    let numbered = this.#texts.get(text);
    if (numbered === undefined) {
      numbered = dollarPlaceholders(text);
      this.#texts.set(text, numbered);
    }
    return await db.unsafe(numbered, values as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    }) as unknown as Row[];
  }

  /** Runs a statement for its affected-row count. */
  async #count(db: Db, text: string, values: readonly unknown[]): Promise<number> {
    const result = await this.#q(db, text, values);
    return (result as unknown as postgres.ResultMeta<number>).count;
  }

  #begin<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.#sql.begin((tx) => fn(tx)) as Promise<T>;
  }

  upsert(alerts: readonly AlertRecord[]): Promise<void> {
    return this.#op("alerts.upsert", async () => {
      if (alerts.length === 0) return;
      // Issued together, the statements pipeline on the transaction's
      // connection and still run in order.
      await this.#begin((tx) =>
        Promise.all(alerts.flatMap((alert) => {
          const history = historyValues(alert);
          return [
            this.#q(tx, SQL.upsertAlert, alertValues(alert)),
            ...history ? [this.#q(tx, SQL.upsertHistory, history)] : [],
          ];
        }))
      );
    });
  }

  get(fingerprint: string): Promise<AlertRecord | null> {
    return this.#op("alerts.get", async () => {
      const [row] = await this.#q(this.#sql, SQL.selectAlert, [fingerprint]);
      return row ? alertFromRow(row) : null;
    });
  }

  list(query: AlertQuery = {}): Promise<AlertRecord[]> {
    return this.#op("alerts.list", async () => {
      const { text, values } = SQL.list(query);
      return (await this.#q(this.#sql, text, values)).map(alertFromRow);
    });
  }

  ack(
    fingerprint: string,
    by: string,
    at: number,
    comment?: string,
  ): Promise<AlertRecord | null> {
    return this.#op("alerts.ack", async () => {
      const [row] = await this.#q(this.#sql, SQL.ackAlert, [
        at,
        by,
        comment ?? null,
        at,
        at,
        fingerprint,
      ]);
      return row ? alertFromRow(row) : null;
    });
  }

  deleteResolvedBefore(ts: number): Promise<number> {
    return this.#op("alerts.delete_resolved_before", async () => {
      return await this.#count(this.#sql, SQL.deleteResolvedBefore, [ts]);
    });
  }

  prune(before: number): Promise<PruneResult> {
    return this.#op("alerts.prune", async () => {
      const cutoff = [checkCutoff(before, "prune")];
      // Pipelined on the transaction's connection, like upsert.
      return await this.#begin(async (tx) => {
        const [alerts, history, outbox, notificationLog, silences] = await Promise.all([
          this.#count(tx, SQL.prune.alerts, cutoff),
          this.#count(tx, SQL.prune.history, cutoff),
          this.#count(tx, SQL.prune.outbox, cutoff),
          this.#count(tx, SQL.prune.notificationLog, cutoff),
          this.#count(tx, SQL.prune.silences, cutoff),
        ]);
        return { alerts, history, outbox, notificationLog, silences };
      });
    });
  }

  stats(since: number): Promise<AlertStatsRow[]> {
    return this.#op("alerts.stats", async () => {
      return (await this.#q(this.#sql, SQL.stats, [since])).map(statsFromRow);
    });
  }

  saveSilence(silence: Silence): Promise<void> {
    return this.#op("alerts.silence_save", async () => {
      await this.#q(this.#sql, SQL.upsertSilence, silenceValues(silence));
    });
  }

  silence(id: string): Promise<Silence | null> {
    return this.#op("alerts.silence_get", async () => {
      const [row] = await this.#q(this.#sql, SQL.selectSilence, [id]);
      return row ? silenceFromRow(row) : null;
    });
  }

  silences(): Promise<Silence[]> {
    return this.#op("alerts.silence_list", async () => {
      return (await this.#q(this.#sql, SQL.selectSilences)).map(silenceFromRow);
    });
  }

  enqueue(
    records: readonly OutboxRecord[],
    log: readonly NotificationLogEntry[],
  ): Promise<number> {
    return this.#op("alerts.enqueue", async () => {
      if (records.length === 0 && log.length === 0) return 0;
      return await this.#begin(async (tx) => {
        const inserted = await Promise.all(
          records.map((r) => this.#q(tx, SQL.insertOutbox, outboxValues(r))),
        );
        await Promise.all(log.map((e) => this.#q(tx, SQL.upsertLog, logValues(e))));
        return inserted.filter((rows) => rows.length > 0).length;
      });
    });
  }

  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxRecord[]> {
    return this.#op("alerts.claim_due", async () => {
      const max = checkLimit(limit, null, "claimDue");
      const rows = await this.#q(this.#sql, CLAIM_DUE, [now, max, now + leaseMs]);
      return [...rows].sort(dueOrder).map(outboxFromRow);
    });
  }

  markSent(id: string, at: number): Promise<void> {
    return this.#op("alerts.mark_sent", async () => {
      await this.#q(this.#sql, SQL.markSent, [at, id]);
    });
  }

  markFailed(id: string, failure: DeliveryFailure): Promise<void> {
    return this.#op("alerts.mark_failed", async () => {
      await this.#q(this.#sql, SQL.markFailed, [
        failure.attempts,
        failure.nextAttemptAt,
        failure.error,
        failure.dead ? "dead" : "pending",
        id,
      ]);
    });
  }

  outbox(query: OutboxQuery = {}): Promise<OutboxRecord[]> {
    return this.#op("alerts.outbox_list", async () => {
      const { text, values } = SQL.outbox(query);
      return (await this.#q(this.#sql, text, values)).map(outboxFromRow);
    });
  }

  notificationLog(receiver: string, groupKey: string): Promise<NotificationLogEntry | null> {
    return this.#op("alerts.nflog_get", async () => {
      const [row] = await this.#q(this.#sql, SQL.selectLog, [receiver, groupKey]);
      return row ? logFromRow(row) : null;
    });
  }
}
