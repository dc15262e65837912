/**
 * Notification data for tests of the renderers and notifiers.
 *
 * @module
 */
import { type Alert, fingerprint, type NotificationData, type OutboxRecord } from "../model.ts";

const T0 = Date.UTC(2026, 0, 1, 2, 41);

/**
 * An alert with a real fingerprint.
 *
 * @example
 * ```ts
 * const a = testAlert({ alertname: "StaleData", severity: "warning" }, { summary: "no candle" });
 * ```
 */
export function testAlert(
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
  state: Alert["state"] = "firing",
): Alert & { fingerprint: string } {
  return { labels, annotations, state, startsAt: T0, fingerprint: fingerprint(labels) };
}

/**
 * A notification for `alerts`, grouped by alertname unless `overrides` says otherwise.
 *
 * @example
 * ```ts
 * const data = testData([testAlert({ alertname: "StaleData" })]);
 * ```
 */
export function testData(
  alerts: Array<Alert & { fingerprint: string }>,
  overrides: Partial<NotificationData> = {},
): NotificationData {
  const alertname = alerts[0]?.labels.alertname ?? "Test";
  return {
    receiver: "default",
    status: alerts.some((a) => a.state === "firing") ? "firing" : "resolved",
    groupKey: `{}:{alertname="${alertname}"}`,
    groupLabels: { alertname },
    commonLabels: { alertname },
    commonAnnotations: {},
    alerts,
    truncatedAlerts: 0,
    ...overrides,
  };
}

/**
 * An outbox row carrying `data` to `target`.
 *
 * @example
 * ```ts
 * const row = testRecord("webhook", "http://127.0.0.1:8080/hook", testData([]));
 * ```
 */
export function testRecord(
  channel: OutboxRecord["channel"],
  target: string,
  data: NotificationData,
  id = "0192d6c4-7a2b-7c3d-9e4f-0a1b2c3d4e5f",
): OutboxRecord {
  return {
    id,
    channel,
    target,
    receiver: data.receiver,
    groupKey: data.groupKey,
    data,
    status: "pending",
    attempts: 0,
    nextAttemptAt: T0,
    createdAt: T0,
  };
}
