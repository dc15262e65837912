/**
 * Retention: what the system keeps, and for how long. Resolved alerts,
 * ended alert episodes, delivered or dead notifications, stale
 * notification-log entries and ended silences older than
 * `alerts.retentionDays` go; candles older than `retention.candlesDays` go
 * when that is set (by default candles are kept). Pending notifications and
 * firing alerts are never touched.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Store } from "../store/mod.ts";
import type { PruneResult } from "../store/alert_types.ts";

const DAY_MS = 86_400_000;

/** How long to keep things, in days. */
export interface RetentionPolicy {
  /** Alerting history, delivered notifications, ended silences. */
  alertsDays: number;
  /** Candles; `undefined` keeps them forever. */
  candlesDays?: number;
}

/** What one retention run deleted. */
export interface RetentionResult {
  alerts: PruneResult;
  /** `null` when candles are kept forever. */
  candles: number | null;
}

/**
 * Runs retention once at `now`.
 *
 * @example
 * ```ts ignore
 * const result = await runRetention(store, { alertsDays: 30 }, Date.now(), log);
 * result.alerts.outbox; // notifications deleted
 * ```
 */
export async function runRetention(
  store: Pick<Store, "alerts" | "deleteCandlesBefore">,
  policy: RetentionPolicy,
  now: number,
  log: Logger,
): Promise<RetentionResult> {
  const alerts = await store.alerts.prune(now - policy.alertsDays * DAY_MS);
  const candles = policy.candlesDays === undefined
    ? null
    : await store.deleteCandlesBefore(now - policy.candlesDays * DAY_MS);
  log.info("retention deleted {alerts} alerting rows and {candles} candles", {
    alerts: Object.values(alerts).reduce((a, b) => a + b, 0),
    candles: candles ?? 0,
    detail: alerts,
  });
  return { alerts, candles };
}
