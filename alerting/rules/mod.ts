/**
 * Alerting rules: pure evaluation with Prometheus' pending → firing →
 * resolved lifecycle, the built-in system, application and market rules,
 * their settings, and their metrics mirror. No timers, no I/O: time is a
 * `now` parameter.
 *
 * @example
 * ```ts ignore
 * const settings = ruleSettingsSchema.parse(config.alerts.rules);
 * const ev = systemEvaluator(settings);
 * const snapper = new SystemSnapshotter(snapshotWindows(settings, heartbeatTimeoutMs));
 * // every settings.evaluationIntervalMs:
 * for (const alert of ev.evaluate(snapper.snapshot(readings, now), now)) publish(alert);
 * for (const alert of ev.resendDue(now, settings.resendIntervalMs)) publish(alert);
 * ```
 *
 * @module
 */
export * from "./application_rules.ts";
export * from "./config.ts";
export * from "./daily_summary.ts";
export * from "./evaluator.ts";
export * from "./evaluators.ts";
export * from "./market_rules.ts";
export * from "./metrics.ts";
export * from "./rule_base.ts";
export * from "./series_watch.ts";
export * from "./system_rules.ts";
export * from "./system_snapshot.ts";
export * from "./template.ts";
export * from "./types.ts";
export * from "./window.ts";
