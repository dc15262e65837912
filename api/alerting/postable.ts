/**
 * Turns alerts posted in Alertmanager's API v2 format into our alerts, with
 * Alertmanager's defaults (`api/v2/api.go` postAlertsHandler).
 *
 * @module
 */
import { type Alert, fingerprint } from "../../alerting/model.ts";
import type { PostableAlert } from "../schemas/alertmanager.ts";

/**
 * How long an alert posted without `endsAt` stays firing unless posted
 * again: Alertmanager's default `resolve_timeout`.
 */
export const RESOLVE_TIMEOUT_MS = 5 * 60_000;

/**
 * A posted alert as ours: `startsAt` defaults to `endsAt`, else now;
 * `endsAt` to now + {@linkcode RESOLVE_TIMEOUT_MS}; the alert is resolved
 * when `endsAt` is not after now, else firing (it stays firing until
 * `endsAt`, the expiry Prometheus sets and refreshes).
 *
 * @example
 * ```ts
 * const { alert } = fromPostable({ labels: { alertname: "X" } }, 1_000);
 * // alert: { labels: { alertname: "X" }, annotations: {}, state: "firing", startsAt: 1_000, endsAt: 301_000 }
 * ```
 */
export function fromPostable(
  posted: PostableAlert,
  now: number,
): { fingerprint: string; alert: Alert } {
  const endsAt = posted.endsAt ?? now + RESOLVE_TIMEOUT_MS;
  const alert: Alert = {
    labels: { ...posted.labels },
    annotations: { ...posted.annotations },
    state: endsAt <= now ? "resolved" : "firing",
    startsAt: posted.startsAt ?? posted.endsAt ?? now,
    endsAt,
  };
  if (posted.generatorURL !== undefined) alert.generatorUrl = posted.generatorURL;
  return { fingerprint: fingerprint(alert.labels), alert };
}
