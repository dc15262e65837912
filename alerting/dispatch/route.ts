/**
 * The routing tree (Alertmanager's `dispatch/route.go`): each node has
 * matchers and options; a node leaves unset options to its parent; an alert
 * is delivered through the deepest matching nodes.
 *
 * @module
 */
import type { Labels, Matcher } from "../model.ts";
import {
  ROOT_ROUTE_DEFAULTS,
  rootRouteConfigSchema,
  type RouteConfig,
  type RouteConfigInput,
} from "./config.ts";
import { formatLabels } from "./labels.ts";
import {
  compareMatchers,
  compileMatchers,
  formatMatchers,
  type LabelPredicate,
  parseMatcher,
} from "./matchers.ts";

/**
 * One node of the routing tree with its effective (inherited) options.
 *
 * @example
 * ```ts
 * const root = Route.fromConfig({
 *   groupBy: ["alertname", "symbol"],
 *   routes: [{ matchers: ['severity="critical"'], receiver: "pager", continue: true }, {}],
 * });
 * root.match({ alertname: "X", severity: "critical" }).map((r) => r.receiver);
 * // ["pager", "default"]
 * ```
 */
export class Route {
  readonly parent: Route | undefined;
  /** Sorted by name, value, type, as Alertmanager sorts them. */
  readonly matchers: readonly Matcher[];
  /** If true, an alert matching this route goes on to later siblings. */
  readonly continue: boolean;
  readonly routes: readonly Route[];
  readonly receiver: string;
  /** Labels to group by (empty when {@link groupByAll}). */
  readonly groupBy: readonly string[];
  /** `groupBy: ["..."]`: every label is a group label. */
  readonly groupByAll: boolean;
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  /** Unique path: {@link key} plus the position among siblings (Alertmanager's `Route.ID()`). */
  readonly id: string;
  readonly #matches: LabelPredicate;
  readonly #key: string;

  /**
   * Builds a node from a parsed config (see {@link Route.fromConfig} for raw
   * input). The root takes unset options from {@link ROOT_ROUTE_DEFAULTS}.
   */
  constructor(config: RouteConfig, parent?: Route, position = 0) {
    this.parent = parent;
    if (!parent && config.matchers.length > 0) {
      throw new TypeError(
        `the root route matches every alert and takes no matchers, got ${
          JSON.stringify(config.matchers)
        }`,
      );
    }
    const base = parent ?? ROOT_ROUTE_DEFAULTS;
    this.receiver = config.receiver ?? base.receiver;
    if (config.groupBy) {
      this.groupByAll = config.groupBy.includes("...");
      this.groupBy = this.groupByAll ? [] : [...new Set(config.groupBy)].sort();
    } else {
      this.groupByAll = parent?.groupByAll ?? false;
      this.groupBy = [...base.groupBy];
    }
    this.groupWaitMs = config.groupWaitMs ?? base.groupWaitMs;
    this.groupIntervalMs = config.groupIntervalMs ?? base.groupIntervalMs;
    this.repeatIntervalMs = config.repeatIntervalMs ?? base.repeatIntervalMs;
    this.matchers = config.matchers.map(parseMatcher).sort(compareMatchers);
    this.#matches = compileMatchers(this.matchers);
    this.continue = config.continue;
    this.#key = (parent ? `${parent.key()}/` : "") + formatMatchers(this.matchers);
    this.id = parent ? `${this.#key}/${position}` : this.#key;
    this.routes = config.routes.map((child, i) => new Route(child, this, i));
  }

  /**
   * Validates raw configuration (defaults applied, matcher strings checked,
   * root rules enforced) and builds the tree.
   *
   * @throws {z.ZodError} when the configuration is invalid.
   * @example
   * ```ts
   * const root = Route.fromConfig({ receiver: "ops", groupWaitMs: 10_000 });
   * ```
   */
  static fromConfig(config: RouteConfigInput): Route {
    return new Route(rootRouteConfigSchema.parse(config));
  }

  /**
   * Alertmanager's route key: the matcher sets from the root down, joined by
   * `/` (`{}/{severity="critical"}`). Not unique among siblings; {@link id} is.
   *
   * @example
   * ```ts
   * root.routes[0]!.key(); // '{}/{severity="critical"}'
   * ```
   */
  key(): string {
    return this.#key;
  }

  /**
   * The routes an alert with these labels is delivered through: a
   * depth-first, left-to-right search where a matching child without
   * `continue` ends the search among its siblings, and a matching node none
   * of whose children match is itself the match. Empty when this node's own
   * matchers fail.
   *
   * @example
   * ```ts
   * root.match({ alertname: "StaleData", severity: "warning" })[0]!.receiver;
   * ```
   */
  match(labels: Labels): Route[] {
    if (!this.#matches(labels)) return [];
    const all: Route[] = [];
    for (const child of this.routes) {
      const matched = child.match(labels);
      if (matched.length === 0) continue;
      all.push(...matched);
      if (!child.continue) break;
    }
    if (all.length === 0) all.push(this);
    return all;
  }

  /**
   * Visits this node and its descendants, depth-first.
   *
   * @example
   * ```ts
   * const receivers = new Set<string>();
   * root.walk((r) => receivers.add(r.receiver));
   * ```
   */
  walk(visit: (route: Route) => void): void {
    visit(this);
    for (const child of this.routes) child.walk(visit);
  }
}

/**
 * The labels of an alert that name its aggregation group on `route`: those in
 * `groupBy` that the alert has, or all of them with `"..."`.
 *
 * @example
 * ```ts
 * groupLabels(root, { alertname: "X", symbol: "BTC/USDT", side: "buy" }); // { alertname: "X", symbol: "BTC/USDT" }
 * ```
 */
export function groupLabels(route: Route, labels: Labels): Labels {
  if (route.groupByAll) return { ...labels };
  const out: Labels = {};
  for (const name of route.groupBy) {
    const value = labels[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * Alertmanager's group key for an alert on `route`: the route key, `:`, and
 * the formatted group labels (`{}/{severity="critical"}:{alertname="X"}`).
 *
 * @example
 * ```ts
 * groupKey(root, { alertname: "X", severity: "critical" }); // '{}:{alertname="X"}'
 * ```
 */
export function groupKey(route: Route, labels: Labels): string {
  return `${route.key()}:${formatLabels(groupLabels(route, labels))}`;
}
