/**
 * Shared fixtures of the alert storage contract: fixed times, record
 * builders and the shape of one contract case.
 *
 * @module
 */
import {
  type AlertRecord,
  fingerprint,
  type Labels,
  type NotificationData,
  type OutboxRecord,
  type Silence,
} from "../alerting/model.ts";
import type { AlertStore, NotificationLogEntry } from "../store/mod.ts";
import type { AlertStoreHandle } from "./alert_store_contract.ts";

/**
 * The fixed "now" every case builds its records around (epoch ms).
 *
 * @example
 * ```ts
 * const later = alert({}, { updatedAt: T0 + MIN });
 * ```
 */
export const T0 = 1_700_000_000_000;

/**
 * One minute in milliseconds.
 *
 * @example
 * ```ts
 * const cutoff = T0 + 60 * MIN;
 * ```
 */
export const MIN = 60_000;

/**
 * A firing `StaleData` warning with the given extra labels, fingerprinted
 * from its full label set.
 *
 * @example
 * ```ts
 * const resolved = alert({ symbol: "BTC/USDT" }, { state: "resolved", endsAt: T0 });
 * ```
 */
export function alert(labels: Labels, overrides: Partial<AlertRecord> = {}): AlertRecord {
  const full = { alertname: "StaleData", severity: "warning", ...labels };
  return {
    fingerprint: fingerprint(full),
    labels: full,
    annotations: { summary: "no candle for 3 intervals" },
    state: "firing",
    startsAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/**
 * A silence of stale-data and price-move alerts for one hour from `T0`.
 *
 * @example
 * ```ts
 * await alerts.saveSilence(silence("maintenance", { endsAt: T0 + MIN }));
 * ```
 */
export const silence = (id: string, overrides: Partial<Silence> = {}): Silence => ({
  id,
  matchers: [{ name: "alertname", type: "=~", value: "Stale.*|Price\\.Move" }],
  startsAt: T0,
  endsAt: T0 + 60 * MIN,
  createdBy: "ops",
  comment: "exchange maintenance — «ünï»",
  updatedAt: T0,
  ...overrides,
});

function data(groupKey: string): NotificationData {
  const a = alert({ symbol: "BTC/USDT" });
  return {
    receiver: "default",
    status: "firing",
    groupKey,
    groupLabels: { alertname: "StaleData" },
    commonLabels: a.labels,
    commonAnnotations: {},
    externalUrl: 'https://ct.example/alerts?x=1&y="2"',
    alerts: [{
      fingerprint: a.fingerprint,
      labels: a.labels,
      annotations: { summary: "price 1/3 ≈ 0.333…" },
      state: "firing",
      startsAt: T0,
      endsAt: T0 + 0.5,
    }],
    truncatedAlerts: 0,
  };
}

/**
 * A pending webhook notification due at `T0`.
 *
 * @example
 * ```ts
 * await alerts.enqueue([outbox("n1", { channel: "telegram" })], []);
 * ```
 */
export function outbox(id: string, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    id,
    channel: "webhook",
    target: "https://hooks.example/ct",
    receiver: "default",
    groupKey: '{}:{alertname="StaleData"}',
    data: data(`group of ${id}`),
    status: "pending",
    attempts: 0,
    nextAttemptAt: T0,
    createdAt: T0,
    ...overrides,
  };
}

/**
 * A notification log entry of receiver `default` with two firing alerts.
 *
 * @example
 * ```ts
 * await alerts.enqueue([], [logEntry("g", T0)]);
 * ```
 */
export const logEntry = (groupKey: string, sentAt: number): NotificationLogEntry => ({
  receiver: "default",
  groupKey,
  firing: ["0123456789abcdef", "fedcba9876543210"],
  resolved: [],
  sentAt,
});

/**
 * The ids of records, in order.
 *
 * @example
 * ```ts
 * assertEquals(ids(await alerts.outbox()), ["r2", "r1"]);
 * ```
 */
export const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);

/**
 * The fingerprints of alerts, in order.
 *
 * @example
 * ```ts
 * assertEquals(fps(await alerts.list()), fps([a, b]));
 * ```
 */
export const fps = (records: readonly AlertRecord[]) => records.map((r) => r.fingerprint);

/**
 * One contract case, run on a fresh, migrated store.
 *
 * @example
 * ```ts
 * const c: Case = async (alerts) => assertEquals(await alerts.list(), []);
 * ```
 */
export type Case = (alerts: AlertStore, handle: AlertStoreHandle) => Promise<void>;
