/**
 * Alert groups and alert status for the API (`GET /api/v1/alerts/groups`),
 * shaped like Alertmanager's API v2 `AlertGroups`. Pure: the main thread can
 * compute them from stored alerts without a dispatcher.
 *
 * @module
 */
import type { AlertRecord, Labels } from "../model.ts";
import type { InhibitionSources, Inhibitor } from "./inhibit.ts";
import { formatLabels, sortByLabels } from "./labels.ts";
import { isResolvedAt } from "./notification.ts";
import { groupLabels, type Route } from "./route.ts";
import type { Silencer } from "./silences.ts";

/**
 * Whether an alert reaches its receivers. `unprocessed`: the alert manager
 * does not hold it as firing (pending, resolved, or not yet seen).
 */
export interface AlertStatus {
  state: "active" | "suppressed" | "unprocessed";
  /** Ids of the active silences that match it, sorted. */
  silencedBy: string[];
  /** Fingerprints of the firing alerts that inhibit it, sorted. */
  inhibitedBy: string[];
}

/** An alert in a group listing (Alertmanager's GettableAlert). */
export type GroupedAlert = AlertRecord & {
  status: AlertStatus;
  /** Every receiver the alert is routed to. */
  receivers: Array<{ name: string }>;
};

/** One aggregation group (Alertmanager's AlertGroup). */
export interface AlertGroup {
  labels: Labels;
  receiver: { name: string };
  groupKey: string;
  routeId: string;
  alerts: GroupedAlert[];
}

/**
 * The silence and inhibition status of a label set at `now`: `suppressed`
 * when an active silence or a firing source mutes it, else `active`.
 *
 * @example
 * ```ts
 * const sources = inhibitor.index(firing);
 * alertStatus(alert.labels, silencer, inhibitor, sources, now).state; // "active"
 * ```
 */
export function alertStatus(
  labels: Labels,
  silencer: Silencer,
  inhibitor: Inhibitor,
  sources: InhibitionSources,
  now: number,
): AlertStatus {
  const silencedBy = silencer.silencedBy(labels, now);
  const inhibitedBy = inhibitor.inhibitedBy(labels, sources, now);
  const muted = silencedBy.length > 0 || inhibitedBy.length > 0;
  return { state: muted ? "suppressed" : "active", silencedBy, inhibitedBy };
}

/**
 * Groups the alerts firing at `now` as the dispatcher would: each routed
 * through `route`, grouped per matching route by its group labels, with its
 * status. Pending and resolved alerts are left out, as Alertmanager's API
 * leaves out resolved ones. Groups are sorted by labels then receiver, their
 * alerts in Alertmanager's order.
 *
 * @example
 * ```ts
 * const groups = computeGroups(await store.alerts.list({ state: "firing" }), route, silencer, inhibitor, now);
 * ```
 */
export function computeGroups(
  alerts: Iterable<AlertRecord>,
  route: Route,
  silencer: Silencer,
  inhibitor: Inhibitor,
  now: number,
  sources?: InhibitionSources,
): AlertGroup[] {
  const firing: AlertRecord[] = [];
  for (const a of alerts) if (a.state === "firing" && !isResolvedAt(a, now)) firing.push(a);
  const index = sources ?? inhibitor.index(firing);
  const groups = new Map<string, AlertGroup>();
  for (const alert of firing) {
    const routes = route.match(alert.labels);
    const view: GroupedAlert = {
      ...alert,
      status: alertStatus(alert.labels, silencer, inhibitor, index, now),
      receivers: [...new Set(routes.map((r) => r.receiver))].sort().map((name) => ({ name })),
    };
    for (const r of routes) {
      const labels = groupLabels(r, alert.labels);
      const formatted = formatLabels(labels);
      const id = `${r.id}\u0000${formatted}`;
      let group = groups.get(id);
      if (!group) {
        group = {
          labels,
          receiver: { name: r.receiver },
          groupKey: `${r.key()}:${formatted}`,
          routeId: r.id,
          alerts: [],
        };
        groups.set(id, group);
      }
      group.alerts.push(view);
    }
  }
  const out = sortByLabels([...groups.values()], (g) => g.labels, {
    byLabelsOnly: true,
    tie: (a, b) =>
      a.receiver.name < b.receiver.name ? -1 : a.receiver.name > b.receiver.name ? 1 : 0,
  });
  for (const g of out) sortByLabels(g.alerts, (a) => a.labels);
  return out;
}
