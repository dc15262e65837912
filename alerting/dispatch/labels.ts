/**
 * Label-set helpers with Alertmanager's formatting and ordering, so group
 * keys and API listings read (and sort) the way Alertmanager's do.
 *
 * @module
 */
import type { Labels } from "../model.ts";

/**
 * Formats a label set like Prometheus' `LabelSet.String()`: names sorted,
 * values quoted, `, ` between pairs.
 *
 * @example
 * ```ts
 * formatLabels({ severity: "critical", alertname: "X" }); // '{alertname="X", severity="critical"}'
 * ```
 */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let out = "{";
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (i > 0) out += ", ";
    out += `${name}=${JSON.stringify(labels[name])}`;
  }
  return out + "}";
}

/**
 * Orders label sets like Prometheus' `LabelSet.Before`: fewer labels first,
 * then by the first differing name (present before missing) and value.
 *
 * @example
 * ```ts
 * compareLabels({ a: "1" }, { a: "1", b: "2" }); // < 0
 * ```
 */
export function compareLabels(a: Labels, b: Labels): number {
  return compareSortedLabels(a, Object.keys(a).sort(), b, Object.keys(b).sort());
}

/**
 * {@link compareLabels} with each set's names already sorted, so a sort can
 * compute them once per item rather than once per comparison.
 *
 * @example
 * ```ts
 * compareSortedLabels({ a: "1" }, ["a"], { b: "1" }, ["b"]); // > 0: the second lacks "a"
 * ```
 */
export function compareSortedLabels(
  a: Labels,
  aNames: readonly string[],
  b: Labels,
  bNames: readonly string[],
): number {
  if (aNames.length !== bNames.length) return aNames.length - bNames.length;
  for (let i = 0; i < aNames.length; i++) {
    const an = aNames[i]!;
    const bn = bNames[i]!;
    // The set lacking the smaller name sorts first, as in LabelSet.Before.
    if (an !== bn) return an < bn ? 1 : -1;
    const av = a[an]!;
    const bv = b[an]!;
    if (av !== bv) return av < bv ? -1 : 1;
  }
  return 0;
}

/**
 * Orders alerts like Alertmanager's `AlertSlice`: by `job`, then `instance`
 * (alerts having the label first), then by the whole label set.
 *
 * @example
 * ```ts
 * alerts.sort(compareAlerts);
 * ```
 */
export function compareAlerts(a: { labels: Labels }, b: { labels: Labels }): number {
  return compareJobInstance(a.labels, b.labels) || compareLabels(a.labels, b.labels);
}

function compareJobInstance(a: Labels, b: Labels): number {
  for (const key of ["job", "instance"]) {
    const av = a[key];
    const bv = b[key];
    if (av === undefined && bv === undefined) continue;
    if (av === undefined) return 1;
    if (bv === undefined) return -1;
    if (av !== bv) return av < bv ? -1 : 1;
  }
  return 0;
}

/**
 * Sorts items by their labels in place, in Alertmanager's alert order
 * ({@link compareAlerts}) or, with `byLabelsOnly`, in label-set order
 * ({@link compareLabels}); each item's names are sorted once. Ties keep
 * their `tie` order.
 *
 * @example
 * ```ts
 * sortByLabels(alerts, (a) => a.labels);
 * ```
 */
export function sortByLabels<T>(
  items: T[],
  labelsOf: (item: T) => Labels,
  options: { byLabelsOnly?: boolean; tie?: (a: T, b: T) => number } = {},
): T[] {
  const decorated = items.map((item) => {
    const labels = labelsOf(item);
    return { item, labels, names: Object.keys(labels).sort() };
  });
  decorated.sort((x, y) =>
    (options.byLabelsOnly ? 0 : compareJobInstance(x.labels, y.labels)) ||
    compareSortedLabels(x.labels, x.names, y.labels, y.names) ||
    (options.tie?.(x.item, y.item) ?? 0)
  );
  for (let i = 0; i < items.length; i++) items[i] = decorated[i]!.item;
  return items;
}

/**
 * The labels every given set shares with the same value (a notification's
 * `commonLabels`); works for annotations too.
 *
 * @example
 * ```ts
 * commonPairs([{ a: "1", b: "2" }, { a: "1", b: "3" }]); // { a: "1" }
 * ```
 */
export function commonPairs(sets: readonly Record<string, string>[]): Record<string, string> {
  const first = sets[0];
  if (!first) return {};
  const common: Record<string, string> = { ...first };
  for (let i = 1; i < sets.length; i++) {
    const set = sets[i]!;
    for (const name of Object.keys(common)) {
      if (set[name] !== common[name]) delete common[name];
    }
  }
  return common;
}
