/**
 * The alert manager core: matchers, the routing tree, aggregation groups,
 * inhibition, silences and notification-log deduplication, as a faithful
 * subset of Prometheus Alertmanager. Pure: no timers, no I/O; every
 * time-dependent call takes `now` (epoch ms).
 *
 * @example
 * ```ts
 * import { Dispatcher, Inhibitor, Route, Silencer, DEFAULT_INHIBIT_RULES } from "./mod.ts";
 * const dispatcher = new Dispatcher({
 *   route: Route.fromConfig({}),
 *   inhibitor: new Inhibitor(DEFAULT_INHIBIT_RULES),
 *   silencer: new Silencer(),
 * });
 * ```
 *
 * @module
 */
export {
  compareMatchers,
  compileMatcher,
  compileMatchers,
  formatMatcher,
  formatMatchers,
  type LabelPredicate,
  matchesAll,
  parseMatcher,
  parseMatchers,
} from "./matchers.ts";
export {
  DEFAULT_INHIBIT_RULES,
  type InhibitRuleConfig,
  inhibitRuleConfigSchema,
  ROOT_ROUTE_DEFAULTS,
  rootRouteConfigSchema,
  type RouteConfig,
  type RouteConfigInput,
  routeConfigSchema,
} from "./config.ts";
export { groupKey, groupLabels, Route } from "./route.ts";
export { type InhibitionSource, InhibitionSources, Inhibitor } from "./inhibit.ts";
export { Silencer, type SilenceView } from "./silences.ts";
export { buildNotification, type GroupFlush, isResolvedAt } from "./notification.ts";
export { decideNotify, logEntry, type NotifyDecision, type NotifyReason } from "./dedup.ts";
export {
  type AlertGroup,
  type AlertStatus,
  alertStatus,
  computeGroups,
  type GroupedAlert,
} from "./groups.ts";
export { Dispatcher, type DispatcherOptions } from "./dispatcher.ts";
export { compareAlerts, compareLabels, formatLabels } from "./labels.ts";
