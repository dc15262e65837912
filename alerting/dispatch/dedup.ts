/**
 * Deduplication against the notification log (Alertmanager's
 * `DedupStage.needsUpdate`): a flush is sent when it tells the receiver
 * something new, or when `repeat_interval` has passed since the last message.
 *
 * @module
 */
import type { NotificationLogEntry } from "../../store/alert_types.ts";
import type { GroupFlush } from "./notification.ts";

/** Why a flush is (or is not) sent, in Alertmanager's words. */
export type NotifyReason =
  | "none"
  | "first notification"
  | "new alerts added"
  | "some alerts resolved"
  | "all alerts resolved"
  | "repeat interval elapsed";

/**
 * The outcome of deduplication. `log` asks the caller to record
 * {@link logEntry} even when `send` is false: an all-resolved group with
 * `sendResolved` off sends nothing but must clear its firing set from the log,
 * or the next episode of the same alert would look like a repeat.
 */
export interface NotifyDecision {
  send: boolean;
  log: boolean;
  reason: NotifyReason;
}

const NONE: NotifyDecision = Object.freeze({ send: false, log: false, reason: "none" });

function isSubset(subset: readonly string[], of: readonly string[]): boolean {
  if (subset.length > of.length) return false;
  const set = new Set(of);
  return subset.every((fp) => set.has(fp));
}

/**
 * Decides whether to send a flush, and whether to record it, given the last
 * notification-log entry of its (receiver, group):
 * - nothing logged: send when something fires;
 * - a firing alert the last message did not list: send;
 * - nothing fires but the last message listed firing alerts: tell the
 *   receiver they resolved when `sendResolved`, else only record it;
 * - with `sendResolved`, a resolved alert the last message did not list: send;
 * - otherwise repeat once `now >= sentAt + repeatIntervalMs`, unless every
 *   firing alert is acknowledged (`acked`, default `flush.acked`).
 *
 * A group whose alerts are all muted is shown nothing; when none of it fires
 * any more, the log still forgets its firing set (see {@link NotifyDecision}).
 *
 * @example
 * ```ts
 * const last = await store.alerts.notificationLog(flush.receiver, flush.groupKey);
 * const { send, log } = decideNotify(flush, last, now);
 * if (send) await store.alerts.enqueue(rowsFor(flush), [logEntry(flush, now)]);
 * else if (log) await store.alerts.enqueue([], [logEntry(flush, now)]);
 * ```
 */
export function decideNotify(
  flush: GroupFlush,
  last: NotificationLogEntry | null,
  now: number,
  acked: ReadonlySet<string> = new Set(flush.acked),
): NotifyDecision {
  const { firing, resolved } = flush;
  if (firing.length === 0 && resolved.length === 0) {
    // Alertmanager's pipeline stops at an empty (all-muted) group.
    const groupOver = flush.mutedFiring.length === 0;
    return last && last.firing.length > 0 && groupOver
      ? { send: false, log: true, reason: "all alerts resolved" }
      : NONE;
  }
  if (!last) {
    return firing.length > 0 ? { send: true, log: true, reason: "first notification" } : NONE;
  }
  if (!isSubset(firing, last.firing)) {
    return {
      send: true,
      log: true,
      reason: last.firing.length === 0 ? "first notification" : "new alerts added",
    };
  }
  if (firing.length === 0) {
    return last.firing.length > 0
      ? { send: flush.sendResolved, log: true, reason: "all alerts resolved" }
      : NONE;
  }
  if (flush.sendResolved && !isSubset(resolved, last.resolved)) {
    return { send: true, log: true, reason: "some alerts resolved" };
  }
  if (firing.every((fp) => acked.has(fp))) return NONE;
  return now >= last.sentAt + flush.repeatIntervalMs
    ? { send: true, log: true, reason: "repeat interval elapsed" }
    : NONE;
}

/**
 * The notification-log entry recording a flush at `now`.
 *
 * @example
 * ```ts
 * await store.alerts.enqueue(rows, [logEntry(flush, now)]);
 * ```
 */
export function logEntry(flush: GroupFlush, now: number): NotificationLogEntry {
  return {
    receiver: flush.receiver,
    groupKey: flush.groupKey,
    firing: [...flush.firing],
    resolved: [...flush.resolved],
    sentAt: now,
  };
}
