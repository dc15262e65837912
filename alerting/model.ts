/**
 * The alert model shared by rule evaluation, the alert manager, storage, the
 * notifiers and the API. It follows Prometheus/Alertmanager: an alert is a
 * label set (its identity) plus annotations, with `startsAt`/`endsAt`.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** How urgent an alert is. */
export type Severity = "info" | "warning" | "critical";
/** Every severity, least urgent first. */
export const SEVERITIES: readonly Severity[] = ["info", "warning", "critical"];

/** A label set; `alertname` is always present on an alert. */
export type Labels = Record<string, string>;

/**
 * Lifecycle of an alert. `pending` lives only in rule evaluation (the `for`
 * duration has not elapsed yet) and is never routed to receivers.
 */
export type AlertState = "pending" | "firing" | "resolved";

/**
 * One alert as the alert manager sees it.
 *
 * @example
 * ```ts
 * const alert: Alert = {
 *   labels: { alertname: "StaleData", severity: "warning", symbol: "BTC/USDT" },
 *   annotations: { summary: "no candle for 3 intervals" },
 *   state: "firing",
 *   startsAt: Date.UTC(2026, 0, 1),
 * };
 * ```
 */
export interface Alert {
  labels: Labels;
  annotations: Record<string, string>;
  state: AlertState;
  /** When the condition began (pending) or the alert fired, epoch ms. */
  startsAt: number;
  /** When it resolved (or, for Prometheus alerts, when it will be considered resolved), epoch ms. */
  endsAt?: number;
  /** Where the alert came from (a rule URL, Prometheus' generatorURL). */
  generatorUrl?: string;
}

/**
 * An alert as stored: the model plus identity and bookkeeping.
 *
 * @example
 * ```ts
 * const rows: AlertRecord[] = await store.alerts.list({ state: "firing" });
 * ```
 */
export interface AlertRecord extends Alert {
  fingerprint: string;
  /** Last time any field changed, epoch ms. */
  updatedAt: number;
  /** When an operator acknowledged it (repeat notifications stop), epoch ms. */
  ackedAt?: number;
  ackedBy?: string;
  /** What the operator said when acknowledging ("looking into it"). */
  ackComment?: string;
}

/**
 * The identity of a label set: SHA-256 over the labels sorted by name, each
 * pair as `name\xffvalue\xff`, as 16 hex digits (the width of Alertmanager's
 * fingerprints). The separator cannot occur in valid UTF-8 text, so distinct
 * label sets cannot collide by concatenation.
 *
 * @example
 * ```ts
 * fingerprint({ b: "2", a: "1" }) === fingerprint({ a: "1", b: "2" }); // true
 * ```
 */
export function fingerprint(labels: Labels): string {
  const hash = createHash("sha256");
  for (const name of Object.keys(labels).sort()) {
    hash.update(name).update("\xff").update(labels[name] ?? "").update("\xff");
  }
  return hash.digest("hex").slice(0, 16);
}

/** A label matcher operator, as in Alertmanager. Regexes are fully anchored. */
export type MatchType = "=" | "!=" | "=~" | "!~";

/**
 * One label matcher.
 *
 * @example
 * ```ts
 * const m: Matcher = { name: "severity", type: "=~", value: "warning|critical" };
 * ```
 */
export interface Matcher {
  name: string;
  type: MatchType;
  value: string;
}

/** Silence lifecycle, derived from the current time. */
export type SilenceState = "pending" | "active" | "expired";

/**
 * A silence mutes every alert that matches all of its matchers while active.
 *
 * @example
 * ```ts
 * const s: Silence = {
 *   id: crypto.randomUUID(),
 *   matchers: [{ name: "alertname", type: "=", value: "StaleData" }],
 *   startsAt: now, endsAt: now + 3_600_000,
 *   createdBy: "ops", comment: "exchange maintenance", updatedAt: now,
 * };
 * ```
 */
export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  updatedAt: number;
}

/**
 * The state of a silence at `now`.
 *
 * @example
 * ```ts
 * silenceState({ startsAt: 10, endsAt: 20 }, 15); // "active"
 * ```
 */
export function silenceState(
  silence: Pick<Silence, "startsAt" | "endsAt">,
  now: number,
): SilenceState {
  if (now >= silence.endsAt) return "expired";
  return now < silence.startsAt ? "pending" : "active";
}

/** The channels a notification can go out on. */
export type Channel = "telegram" | "email" | "webhook";

/**
 * What one notification says: one group of alerts for one receiver. The shape
 * follows Alertmanager's webhook payload (version 4), so a webhook consumer
 * written for Alertmanager reads ours.
 *
 * @example
 * ```ts
 * const data: NotificationData = {
 *   receiver: "default", status: "firing", groupKey: "{}:{alertname=\"StaleData\"}",
 *   groupLabels: { alertname: "StaleData" }, commonLabels: {}, commonAnnotations: {},
 *   alerts: [], truncatedAlerts: 0,
 * };
 * ```
 */
export interface NotificationData {
  receiver: string;
  /** `firing` when at least one alert in the group fires. */
  status: "firing" | "resolved";
  groupKey: string;
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Record<string, string>;
  /** Links in messages point here when set (the API/dashboard's public URL). */
  externalUrl?: string;
  alerts: Array<Alert & { fingerprint: string }>;
  /** Alerts left out to keep the message small. */
  truncatedAlerts: number;
}

/** Delivery state of one outbox row. */
export type OutboxStatus = "pending" | "sent" | "dead";

/**
 * One notification for one channel target, stored before it is sent.
 * `id` is the idempotency key: a retry or a resend after a crash carries it.
 *
 * @example
 * ```ts
 * const due: OutboxRecord[] = await store.alerts.claimDue(now, 10, 30_000);
 * ```
 */
export interface OutboxRecord {
  id: string;
  channel: Channel;
  /** Channel-specific address: a chat id, a comma-separated e-mail list, a URL. */
  target: string;
  receiver: string;
  groupKey: string;
  data: NotificationData;
  status: OutboxStatus;
  attempts: number;
  /** When the next attempt may run, epoch ms. */
  nextAttemptAt: number;
  lastError?: string;
  createdAt: number;
  sentAt?: number;
}
