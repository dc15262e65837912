/**
 * Stored alerting records as the API answers with them: absent optional
 * fields become `null`, an ack becomes one object, the status is computed,
 * and outbox targets are masked.
 *
 * @module
 */
import type { z } from "@hono/zod-openapi";
import {
  type AlertGroup,
  type AlertStatus,
  alertStatus,
  type InhibitionSources,
  type Inhibitor,
  isResolvedAt,
  type Silencer,
} from "../../alerting/dispatch/mod.ts";
import type { AlertRecord, OutboxRecord } from "../../alerting/model.ts";
import type { alertGroupOut, alertOut } from "../schemas/alerts.ts";
import type { notificationOut } from "../schemas/notifications.ts";
import { maskText, maskUrl } from "./redact.ts";

/** An alert as answered. */
export type AlertView = z.infer<typeof alertOut>;

/**
 * The silences and inhibitions in force now, for {@linkcode statusOf}.
 *
 * @example
 * ```ts ignore
 * const mutes: Mutes = { silencer, inhibitor, sources: inhibitor.index(firing), now };
 * ```
 */
export interface Mutes {
  silencer: Silencer;
  inhibitor: Inhibitor;
  sources: InhibitionSources;
  now: number;
}

/**
 * What mutes an alert now. An alert not firing (or past its `endsAt`) is
 * `unprocessed`; its matching silences and inhibitors are still listed, so
 * an operator sees what would mute it if it fired.
 *
 * @example
 * ```ts ignore
 * statusOf(alert, mutes).silencedBy; // ["<silence id>"]
 * ```
 */
export function statusOf(alert: AlertRecord, mutes: Mutes): AlertStatus {
  const { silencer, inhibitor, sources, now } = mutes;
  const status = alertStatus(alert.labels, silencer, inhibitor, sources, now);
  const routed = alert.state === "firing" && !isResolvedAt(alert, now);
  return routed ? status : { ...status, state: "unprocessed" };
}

/**
 * An alert record with its status, as answered.
 *
 * @example
 * ```ts ignore
 * alertView(record, statusOf(record, mutes)).ack; // { at, by } or null
 * ```
 */
export function alertView(alert: AlertRecord, status: AlertStatus): AlertView {
  return {
    fingerprint: alert.fingerprint,
    labels: alert.labels,
    annotations: alert.annotations,
    state: alert.state,
    startsAt: alert.startsAt,
    endsAt: alert.endsAt ?? null,
    generatorUrl: alert.generatorUrl ?? null,
    updatedAt: alert.updatedAt,
    ack: alert.ackedAt === undefined
      ? null
      : { at: alert.ackedAt, by: alert.ackedBy ?? "", comment: alert.ackComment ?? null },
    status,
  };
}

/**
 * A computed group as answered.
 *
 * @example
 * ```ts ignore
 * computeGroups(alerts, route, silencer, inhibitor, now).map(groupView);
 * ```
 */
export function groupView(group: AlertGroup): z.infer<typeof alertGroupOut> {
  return {
    labels: group.labels,
    receiver: group.receiver,
    groupKey: group.groupKey,
    routeId: group.routeId,
    alerts: group.alerts.map((a) => ({ ...alertView(a, a.status), receivers: a.receivers })),
  };
}

/**
 * An outbox row as answered: secrets masked, the notification summarised.
 *
 * @example
 * ```ts ignore
 * (await store.alerts.outbox({ status: "dead" })).map(notificationView);
 * ```
 */
export function notificationView(row: OutboxRecord): z.infer<typeof notificationOut> {
  return {
    id: row.id,
    channel: row.channel,
    target: maskUrl(row.target),
    receiver: row.receiver,
    groupKey: row.groupKey,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError === undefined ? null : maskText(row.lastError),
    createdAt: row.createdAt,
    sentAt: row.sentAt ?? null,
    notification: {
      status: row.data.status,
      groupLabels: row.data.groupLabels,
      fingerprints: row.data.alerts.map((a) => a.fingerprint),
      truncatedAlerts: row.data.truncatedAlerts,
    },
  };
}
