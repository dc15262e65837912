/**
 * The two evaluators the system runs, built from the rule settings: system
 * and application rules in the main thread, market rules in the alerter.
 *
 * @module
 */
import { applicationRules } from "./application_rules.ts";
import type { RuleSettings } from "./config.ts";
import { RuleEvaluator, type RuleEvaluatorOptions } from "./evaluator.ts";
import { type MarketInputs, marketRules } from "./market_rules.ts";
import type { SnapshotWindows, SystemSnapshot } from "./system_snapshot.ts";
import { systemRules } from "./system_rules.ts";

/** Evaluator options besides `disabled`, which comes from the settings. */
export type EvaluatorExtras = Omit<RuleEvaluatorOptions, "disabled">;

/**
 * The main thread's evaluator: system and application rules.
 *
 * @example
 * ```ts
 * import { ruleSettingsSchema } from "./config.ts";
 * const ev = systemEvaluator(ruleSettingsSchema.parse({ disabled: ["RedisUnreachable"] }));
 * ev.rules.length; // 14
 * ```
 */
export function systemEvaluator(
  settings: RuleSettings,
  extras: EvaluatorExtras = {},
): RuleEvaluator<SystemSnapshot> {
  return new RuleEvaluator([...systemRules(settings), ...applicationRules(settings)], {
    ...extras,
    disabled: settings.disabled,
  });
}

/**
 * The alerter's evaluator: market rules.
 *
 * @example
 * ```ts
 * import { ruleSettingsSchema } from "./config.ts";
 * marketEvaluator(ruleSettingsSchema.parse({})).rules.length; // 6
 * ```
 */
export function marketEvaluator(
  settings: RuleSettings,
  extras: EvaluatorExtras = {},
): RuleEvaluator<MarketInputs> {
  return new RuleEvaluator(marketRules(settings), { ...extras, disabled: settings.disabled });
}

/**
 * The counting windows of `SystemSnapshotter`, from the settings.
 *
 * @example
 * ```ts
 * import { ruleSettingsSchema } from "./config.ts";
 * snapshotWindows(ruleSettingsSchema.parse({}), 10_000).restartWindowMs; // 600000
 * ```
 */
export function snapshotWindows(
  settings: RuleSettings,
  heartbeatTimeoutMs: number,
): SnapshotWindows {
  return {
    restartWindowMs: settings.restartStorm.windowMs,
    recycleWindowMs: settings.watchdogRecycle.windowMs,
    deadLetterWindowMs: settings.deadLetters.windowMs,
    slowQueryWindowMs: settings.slowQueries.windowMs,
    heartbeatTimeoutMs,
  };
}
