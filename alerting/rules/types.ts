/**
 * The contract between rules and the {@linkcode RuleEvaluator}: a rule says
 * which instances of its condition are true now; the evaluator owns their
 * pending → firing → resolved lifecycle.
 *
 * @module
 */
import type { Labels, Severity } from "../model.ts";

/**
 * One currently-true instance of a rule's condition, as a Prometheus alerting
 * expression returns one sample per label set.
 *
 * @example
 * ```ts
 * const i: RuleInstance = { labels: { actor: "analyzer" }, value: 4 };
 * ```
 */
export interface RuleInstance {
  /** What tells this instance apart from the rule's others (`actor`, `symbol`, ...). */
  labels: Labels;
  /** The measured value (`{{ $value }}` in templates; the metrics mirror's sample). */
  value: number;
  /**
   * Annotations of this instance. The rule's own templates win for the keys
   * they define; these fill the others (e.g. a signal's reason).
   */
  annotations?: Record<string, string>;
}

/**
 * An alerting rule over inputs of type `I`. `evaluate` must be pure: the same
 * inputs and `now` give the same instances.
 *
 * @example
 * ```ts
 * const rule: Rule<{ cpu: number }> = {
 *   name: "HighCpuUsage", severity: "warning", forMs: 300_000,
 *   summary: "CPU at {{ $value }} %",
 *   evaluate: (i) => i.cpu > 90 ? [{ labels: {}, value: i.cpu }] : [],
 * };
 * ```
 */
export interface Rule<I> {
  /** The `alertname` label of its alerts. */
  readonly name: string;
  /** The `severity` label of its alerts. */
  readonly severity: Severity;
  /** How long an instance must stay true before it fires; 0 fires at once. */
  readonly forMs: number;
  /**
   * How long a firing instance keeps firing after its condition cleared
   * (Prometheus' `keep_firing_for`). Event rules (a signal, the daily summary)
   * use it so a one-cycle event outlives the alert manager's `group_wait`.
   */
  readonly keepFiringForMs?: number;
  /** Extra labels on every alert of the rule; `alertname`/`severity` cannot be overridden. */
  readonly labels?: Labels;
  /** Templates: `{{ $labels.name }}` and `{{ $value }}` are substituted. */
  readonly summary?: string;
  readonly description?: string;
  readonly runbook?: string;
  /** The instances true at `now`. */
  evaluate(inputs: I, now: number): RuleInstance[];
}
