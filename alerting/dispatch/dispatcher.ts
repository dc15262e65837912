/**
 * The dispatcher (Alertmanager's `dispatch/dispatch.go` and aggregation
 * groups), without timers: alerts are sorted into groups per matching route;
 * a new group flushes after `groupWaitMs`, then every `groupIntervalMs`. The
 * owner asks {@link Dispatcher.nextFlushAt} when to wake and calls
 * {@link Dispatcher.flushDue} then.
 *
 * @module
 */
import { type AlertRecord, fingerprint, type Labels } from "../model.ts";
import { FlushQueue } from "./flush_queue.ts";
import { type AlertGroup, type AlertStatus, alertStatus, computeGroups } from "./groups.ts";
import type { InhibitionSources, Inhibitor } from "./inhibit.ts";
import { formatLabels } from "./labels.ts";
import { buildNotification, type GroupFlush, isResolvedAt } from "./notification.ts";
import { groupLabels, type Route } from "./route.ts";
import type { Silencer } from "./silences.ts";

/** What a {@link Dispatcher} works with. */
export interface DispatcherOptions {
  route: Route;
  inhibitor: Inhibitor;
  silencer: Silencer;
  /** Whether a receiver is told about resolved alerts; default: every receiver is. */
  sendResolved?: (receiver: string) => boolean;
  /** Copied into every notification (links in messages). */
  externalUrl?: string;
  /** Alerts listed per notification, the rest counted; default 50. */
  maxAlertsPerNotification?: number;
}

interface AggrGroup {
  id: string;
  route: Route;
  labels: Labels;
  key: string;
  alerts: Map<string, AlertRecord>;
  nextFlushAt: number;
}

interface Held {
  alert: AlertRecord;
  /** Usually one or two: an array is lighter than a Set at 10k alerts. */
  groups: AggrGroup[];
}

/**
 * Alertmanager's dispatcher as a pure state machine driven by `now`.
 *
 * @example
 * ```ts
 * const dispatcher = new Dispatcher({ route, inhibitor, silencer });
 * dispatcher.ingest(alert, now);
 * // later, at dispatcher.nextFlushAt():
 * for (const flush of dispatcher.flushDue(now)) {
 *   const last = await store.alerts.notificationLog(flush.receiver, flush.groupKey);
 *   const { send, log } = decideNotify(flush, last, now);
 *   // send: enqueue flush.data with logEntry(flush, now); log only: enqueue([], [logEntry(flush, now)])
 * }
 * ```
 */
export class Dispatcher {
  readonly route: Route;
  readonly inhibitor: Inhibitor;
  readonly silencer: Silencer;
  readonly #sendResolved: (receiver: string) => boolean;
  readonly #externalUrl: string | undefined;
  readonly #maxAlerts: number;
  readonly #alerts = new Map<string, Held>();
  readonly #groups = new Map<string, AggrGroup>();
  readonly #queue = new FlushQueue();
  readonly #sources: InhibitionSources;

  constructor(options: DispatcherOptions) {
    this.route = options.route;
    this.inhibitor = options.inhibitor;
    this.silencer = options.silencer;
    this.#sendResolved = options.sendResolved ?? (() => true);
    this.#externalUrl = options.externalUrl;
    this.#maxAlerts = options.maxAlertsPerNotification ?? 50;
    this.#sources = this.inhibitor.index([]);
  }

  /** Alerts held (firing, or resolved and not yet flushed). */
  get alertCount(): number {
    return this.#alerts.size;
  }

  /** Aggregation groups alive. */
  get groupCount(): number {
    return this.#groups.size;
  }

  /**
   * Takes in a new or updated alert. Pending alerts are ignored (they reach
   * the dispatcher when they fire). A new alert joins the group of every
   * matching route; a new group's first flush is due `groupWaitMs` from
   * `now`, while an existing group keeps its schedule. A resolved alert stays
   * until a flush has carried it.
   *
   * @example
   * ```ts
   * dispatcher.ingest({ ...alert, fingerprint: fingerprint(alert.labels), updatedAt: now }, now);
   * ```
   */
  ingest(alert: AlertRecord, now: number): void {
    if (alert.state === "pending") return;
    const fp = alert.fingerprint;
    let held = this.#alerts.get(fp);
    if (held) {
      held.alert = alert;
      for (const group of held.groups) group.alerts.set(fp, alert);
    } else {
      held = { alert, groups: [] };
      for (const route of this.route.match(alert.labels)) {
        const group = this.#groupFor(route, alert.labels, now);
        group.alerts.set(fp, alert);
        if (!held.groups.includes(group)) held.groups.push(group);
      }
      if (held.groups.length === 0) return;
      this.#alerts.set(fp, held);
    }
    this.#sources.set(alert);
  }

  #groupFor(route: Route, labels: Labels, now: number): AggrGroup {
    const id = groupId(route, labels);
    let group = this.#groups.get(id);
    if (!group) {
      const gl = groupLabels(route, labels);
      const formatted = formatLabels(gl);
      group = {
        id,
        route,
        labels: gl,
        key: `${route.key()}:${formatted}`,
        alerts: new Map(),
        nextFlushAt: now + route.groupWaitMs,
      };
      this.#groups.set(id, group);
      this.#queue.push({ at: group.nextFlushAt, id });
    }
    return group;
  }

  /**
   * When the earliest group flush is due, or `null` when no group exists.
   *
   * @example
   * ```ts
   * const at = dispatcher.nextFlushAt();
   * if (at !== null) await clock.sleep(Math.max(0, at - clock.now()), signal);
   * ```
   */
  nextFlushAt(): number | null {
    for (;;) {
      const top = this.#queue.peek();
      if (!top) return null;
      if (this.#groups.get(top.id)?.nextFlushAt === top.at) return top.at;
      this.#queue.pop();
    }
  }

  /**
   * Flushes every group due at `now`: builds the notification of its alerts
   * that are neither silenced nor inhibited at `now`, schedules its next
   * flush `groupIntervalMs` later, and drops its resolved alerts (a flush
   * has now carried them); a group left empty is removed. Groups whose alerts
   * are all muted still yield a flush with no alerts, so the notification log
   * can be kept right (see {@link decide}).
   *
   * @example
   * ```ts
   * const flushes = dispatcher.flushDue(now);
   * ```
   */
  flushDue(now: number): GroupFlush[] {
    const due: AggrGroup[] = [];
    for (let top = this.#queue.peek(); top && top.at <= now; top = this.#queue.peek()) {
      this.#queue.pop();
      const group = this.#groups.get(top.id);
      if (group && group.nextFlushAt === top.at) due.push(group);
    }
    return due.map((group) => this.#flush(group, now));
  }

  #flush(group: AggrGroup, now: number): GroupFlush {
    const firing: AlertRecord[] = [];
    const resolved: AlertRecord[] = [];
    const mutedFiring: string[] = [];
    for (const alert of group.alerts.values()) {
      const isResolved = isResolvedAt(alert, now);
      if (this.#muted(alert.labels, now)) {
        if (!isResolved) mutedFiring.push(alert.fingerprint);
        continue;
      }
      (isResolved ? resolved : firing).push(alert);
    }
    const route = group.route;
    const sendResolved = this.#sendResolved(route.receiver);
    const flush: GroupFlush = {
      receiver: route.receiver,
      groupKey: group.key,
      routeId: route.id,
      groupLabels: { ...group.labels },
      repeatIntervalMs: route.repeatIntervalMs,
      sendResolved,
      data: buildNotification({
        receiver: route.receiver,
        groupKey: group.key,
        groupLabels: group.labels,
        firing,
        resolved,
        sendResolved,
        externalUrl: this.#externalUrl,
        maxAlerts: this.#maxAlerts,
      }),
      firing: firing.map((a) => a.fingerprint).sort(),
      resolved: resolved.map((a) => a.fingerprint).sort(),
      acked: firing.filter((a) => a.ackedAt !== undefined).map((a) => a.fingerprint).sort(),
      mutedFiring: mutedFiring.sort(),
    };
    this.#dropResolved(group, now);
    if (group.alerts.size === 0) {
      this.#groups.delete(group.id);
    } else {
      group.nextFlushAt = now + route.groupIntervalMs;
      this.#queue.push({ at: group.nextFlushAt, id: group.id });
    }
    return flush;
  }

  #dropResolved(group: AggrGroup, now: number): void {
    for (const [fp, alert] of group.alerts) {
      if (!isResolvedAt(alert, now)) continue;
      group.alerts.delete(fp);
      const held = this.#alerts.get(fp);
      if (!held) continue;
      held.groups = held.groups.filter((g) => g !== group);
      if (held.groups.length === 0) {
        this.#alerts.delete(fp);
        this.#sources.delete(fp);
      }
    }
  }

  #muted(labels: Labels, now: number): boolean {
    return this.silencer.silencedBy(labels, now).length > 0 ||
      this.inhibitor.isInhibited(labels, this.#sources, now);
  }

  /**
   * The groups of the alerts firing at `now`, for the API; the same as
   * {@link computeGroups} over the held alerts.
   *
   * @example
   * ```ts
   * const groups = dispatcher.groups(now);
   * ```
   */
  groups(now: number): AlertGroup[] {
    const alerts = [...this.#alerts.values()].map((h) => h.alert);
    return computeGroups(alerts, this.route, this.silencer, this.inhibitor, now, this.#sources);
  }

  /**
   * The status of a label set at `now`: `unprocessed` unless the dispatcher
   * holds it as firing; otherwise `suppressed` (with the silences and
   * inhibiting alerts) or `active`.
   *
   * @example
   * ```ts
   * dispatcher.status(alert.labels, now).silencedBy;
   * ```
   */
  status(labels: Labels, now: number): AlertStatus {
    const status = alertStatus(labels, this.silencer, this.inhibitor, this.#sources, now);
    const held = this.#alerts.get(fingerprint(labels));
    if (!held || held.alert.state !== "firing" || isResolvedAt(held.alert, now)) {
      return { ...status, state: "unprocessed" };
    }
    return status;
  }
}

/**
 * A cheap identity of (route, group labels): the group-label values in the
 * route's sorted groupBy order, without building the label object. Values
 * are JSON-quoted so that no two label sets share an id; a missing label is
 * marked apart from an empty value.
 */
function groupId(route: Route, labels: Labels): string {
  let id = route.id + "\u0000";
  if (route.groupByAll) {
    for (const name of Object.keys(labels).sort()) id += `${name}=${JSON.stringify(labels[name])},`;
    return id;
  }
  for (const name of route.groupBy) {
    const value = labels[name];
    id += value === undefined ? "-," : `${JSON.stringify(value)},`;
  }
  return id;
}
