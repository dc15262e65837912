/**
 * The alerting part of the storage port: alerts and their history, silences,
 * the notification log and the durable notification outbox. Both backends
 * implement it as `store.alerts`; `tests/alert_store_contract.ts` proves they
 * behave the same.
 *
 * @module
 */
import type {
  AlertRecord,
  AlertState,
  Labels,
  OutboxRecord,
  OutboxStatus,
  Severity,
  Silence,
} from "../alerting/model.ts";

/**
 * Alert listing, most recently updated first.
 *
 * @example
 * ```ts
 * const q: AlertQuery = { state: "firing", severity: "critical", labels: { symbol: "BTC/USDT" } };
 * ```
 */
export interface AlertQuery {
  state?: AlertState;
  severity?: Severity;
  /** Every pair must be present with exactly this value. */
  labels?: Labels;
  /** Default 500. */
  limit?: number;
}

/**
 * What was last sent for one (receiver, group): Alertmanager's notification
 * log, which turns "same alerts again" into no message until `repeat_interval`.
 *
 * @example
 * ```ts
 * const entry: NotificationLogEntry = {
 *   receiver: "default", groupKey: "{}:{}", firing: ["a1b2c3d4e5f60718"], resolved: [], sentAt: now,
 * };
 * ```
 */
export interface NotificationLogEntry {
  receiver: string;
  groupKey: string;
  /** Fingerprints that were firing in the last notification, sorted. */
  firing: string[];
  /** Fingerprints that were resolved in the last notification, sorted. */
  resolved: string[];
  sentAt: number;
}

/**
 * Alert history aggregated per (alertname, severity).
 *
 * @example
 * ```ts
 * const [top] = await store.alerts.stats(since);
 * console.log(top.alertname, top.count, top.meanResolveMs);
 * ```
 */
export interface AlertStatsRow {
  alertname: string;
  severity: string;
  /** Episodes that started at or after `since` (a firing alert is one episode until resolved). */
  count: number;
  /** Of those, how many resolved. */
  resolved: number;
  /** Mean of `endsAt - startsAt` over resolved episodes, ms; `null` when none resolved. */
  meanResolveMs: number | null;
  /** Longest `endsAt - startsAt` over resolved episodes, ms; `null` when none resolved. */
  maxResolveMs: number | null;
}

/**
 * A failed delivery attempt, as recorded in the outbox.
 *
 * @example
 * ```ts
 * await store.alerts.markFailed(id, { attempts: 2, nextAttemptAt: now + 4_000, error: "HTTP 500", dead: false });
 * ```
 */
export interface DeliveryFailure {
  attempts: number;
  nextAttemptAt: number;
  error: string;
  /** No more attempts: the row moves to `dead` with `error` as its last error. */
  dead: boolean;
}

/**
 * Outbox listing, newest first.
 *
 * @example
 * ```ts
 * const dead = await store.alerts.outbox({ status: "dead" });
 * ```
 */
export interface OutboxQuery {
  status?: OutboxStatus;
  /** Default 500. */
  limit?: number;
}

/**
 * Rows deleted by one {@linkcode AlertStore.prune}, per kind.
 *
 * @example
 * ```ts
 * const pruned: PruneResult = await store.alerts.prune(now - 30 * 86_400_000);
 * logger.info("pruned {outbox} outbox rows", { ...pruned });
 * ```
 */
export interface PruneResult {
  /** Resolved alerts updated before the cutoff. */
  alerts: number;
  /** History episodes that ended before the cutoff. */
  history: number;
  /** Sent or dead outbox rows created before the cutoff. */
  outbox: number;
  /** Notification-log entries sent before the cutoff. */
  notificationLog: number;
  /** Silences that ended before the cutoff. */
  silences: number;
}

/**
 * Persistence of alerting state.
 *
 * @example
 * ```ts
 * await store.alerts.upsert([{ ...alert, fingerprint: fingerprint(alert.labels), updatedAt: now }]);
 * ```
 */
export interface AlertStore {
  /**
   * Inserts or overwrites alerts by fingerprint in one transaction, keeping an
   * existing ack unless the alert starts a new episode (a different
   * `startsAt`). Firing and resolved alerts also write their episode
   * `(fingerprint, startsAt)` to the history, with `endsAt` once resolved.
   */
  upsert(alerts: readonly AlertRecord[]): Promise<void>;
  /** One alert by fingerprint, or `null`. */
  get(fingerprint: string): Promise<AlertRecord | null>;
  /** Alerts matching the query, most recently updated first. */
  list(query?: AlertQuery): Promise<AlertRecord[]>;
  /** Records an acknowledgement; the updated alert, or `null` when no such alert exists. */
  ack(
    fingerprint: string,
    by: string,
    at: number,
    comment?: string,
  ): Promise<AlertRecord | null>;
  /**
   * Retention of alerts only: deletes resolved alerts updated before `ts`;
   * returns rows deleted. {@linkcode AlertStore.prune} covers every table.
   */
  deleteResolvedBefore(ts: number): Promise<number>;
  /**
   * Retention: deletes, in one transaction, what is older than `before` and no longer needed:
   * resolved alerts updated before it, history episodes that ended before it, outbox rows
   * that are sent or dead and were created before it, notification-log entries sent before it
   * (a group silent that long starts afresh), and silences that ended before it.
   * Pending outbox rows, firing alerts and open episodes are never deleted.
   * `before` is epoch ms and must be an integer; anything else rejects.
   */
  prune(before: number): Promise<PruneResult>;
  /** History aggregated per (alertname, severity), for episodes started at or after `since`. */
  stats(since: number): Promise<AlertStatsRow[]>;

  /** Inserts or replaces a silence by id. */
  saveSilence(silence: Silence): Promise<void>;
  /** One silence by id, or `null`. */
  silence(id: string): Promise<Silence | null>;
  /** Every stored silence, newest `updatedAt` first. */
  silences(): Promise<Silence[]>;

  /**
   * Stores notifications and the notification-log entries that produced them
   * in one transaction, so a crash never leaves a logged-but-unqueued
   * notification. Rows whose id exists are left untouched; returns how many
   * were inserted.
   */
  enqueue(records: readonly OutboxRecord[], log: readonly NotificationLogEntry[]): Promise<number>;
  /**
   * Pending rows due at `now`, oldest due first, at most `limit`. Each returned
   * row's `nextAttemptAt` is pushed to `now + leaseMs` in the same statement,
   * so a second sender (or a second loop) does not pick it up while it is in
   * flight; a crash mid-send makes it due again when the lease runs out.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxRecord[]>;
  /** Marks a row sent (idempotent). */
  markSent(id: string, at: number): Promise<void>;
  /** Records a failed attempt: rescheduled, or dead with its last error. */
  markFailed(id: string, failure: DeliveryFailure): Promise<void>;
  /** Outbox rows, newest `createdAt` first. */
  outbox(query?: OutboxQuery): Promise<OutboxRecord[]>;
  /** The notification-log entry of one (receiver, group), or `null`. */
  notificationLog(receiver: string, groupKey: string): Promise<NotificationLogEntry | null>;
}
