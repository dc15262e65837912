/**
 * What one flush of an aggregation group produces: the notification for its
 * receiver (Alertmanager webhook v4 shape) and the fingerprint sets the
 * notification log compares.
 *
 * @module
 */
import type { Alert, AlertRecord, Labels, NotificationData } from "../model.ts";
import { commonPairs, sortByLabels } from "./labels.ts";

const byLabels = (a: AlertRecord) => a.labels;

/**
 * One group's flush for one receiver. `firing`/`resolved` are the alerts the
 * receiver may be shown (silenced and inhibited ones left out), sorted;
 * `data` holds them, less resolved ones when `sendResolved` is off.
 *
 * @example
 * ```ts
 * for (const flush of dispatcher.flushDue(now)) {
 *   const last = await store.alerts.notificationLog(flush.receiver, flush.groupKey);
 *   const decision = decideNotify(flush, last, now);
 * }
 * ```
 */
export interface GroupFlush {
  receiver: string;
  groupKey: string;
  routeId: string;
  groupLabels: Labels;
  repeatIntervalMs: number;
  sendResolved: boolean;
  data: NotificationData;
  /** Fingerprints of the firing alerts shown, sorted. */
  firing: string[];
  /** Fingerprints of the resolved alerts shown, sorted. */
  resolved: string[];
  /** Of `firing`, those an operator acknowledged (no repeat for them), sorted. */
  acked: string[];
  /** Fingerprints of firing alerts of the group that are silenced or inhibited, sorted. */
  mutedFiring: string[];
}

/**
 * True when an alert counts as resolved at `now`: its state says so, or (as
 * for alerts Prometheus posts with a future `endsAt`) its `endsAt` has passed.
 *
 * @example
 * ```ts
 * isResolvedAt({ state: "firing", endsAt: 100 }, 100); // true
 * ```
 */
export function isResolvedAt(alert: Pick<Alert, "state" | "endsAt">, now: number): boolean {
  return alert.state === "resolved" || (alert.endsAt !== undefined && alert.endsAt <= now);
}

/** The parts of a group a notification is built from. */
export interface NotificationInput {
  receiver: string;
  groupKey: string;
  groupLabels: Labels;
  firing: readonly AlertRecord[];
  resolved: readonly AlertRecord[];
  sendResolved: boolean;
  externalUrl?: string;
  maxAlerts: number;
}

/**
 * Builds the notification payload: firing alerts first, then resolved ones
 * (if sent), each in Alertmanager's order; common labels and annotations over
 * every alert in it; alerts beyond `maxAlerts` counted in `truncatedAlerts`.
 * Firing alerts lose their `endsAt`, as Alertmanager clears it, so a message
 * never shows a future end time.
 *
 * @example
 * ```ts
 * const data = buildNotification({
 *   receiver: "default", groupKey: '{}:{alertname="X"}', groupLabels: { alertname: "X" },
 *   firing: [alert], resolved: [], sendResolved: true, maxAlerts: 50,
 * });
 * ```
 */
export function buildNotification(input: NotificationInput): NotificationData {
  const alerts = [
    ...sortByLabels([...input.firing], byLabels).map((a) => toPayload(a, "firing")),
    ...(input.sendResolved
      ? sortByLabels([...input.resolved], byLabels).map((a) => toPayload(a, "resolved"))
      : []),
  ];
  const data: NotificationData = {
    receiver: input.receiver,
    status: input.firing.length > 0 ? "firing" : "resolved",
    groupKey: input.groupKey,
    groupLabels: { ...input.groupLabels },
    commonLabels: commonPairs(alerts.map((a) => a.labels)),
    commonAnnotations: commonPairs(alerts.map((a) => a.annotations)),
    alerts: alerts.slice(0, Math.max(0, input.maxAlerts)),
    truncatedAlerts: Math.max(0, alerts.length - Math.max(0, input.maxAlerts)),
  };
  if (input.externalUrl !== undefined) data.externalUrl = input.externalUrl;
  return data;
}

function toPayload(
  a: AlertRecord,
  state: "firing" | "resolved",
): Alert & { fingerprint: string } {
  const out: Alert & { fingerprint: string } = {
    fingerprint: a.fingerprint,
    // Shared, not copied: alert records are treated as immutable values.
    labels: a.labels,
    annotations: a.annotations,
    state,
    startsAt: a.startsAt,
  };
  if (state === "resolved" && a.endsAt !== undefined) out.endsAt = a.endsAt;
  if (a.generatorUrl !== undefined) out.generatorUrl = a.generatorUrl;
  return out;
}
