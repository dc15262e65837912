/**
 * The part of every built-in rule that comes from its settings.
 *
 * @module
 */
import type { Severity } from "../model.ts";

/** Settings every rule has (one entry of `RuleSettings`). */
export interface BaseSettings {
  forMs: number;
  severity: Severity;
  summary?: string;
  description?: string;
  runbook?: string;
}

/** Default annotation templates of a rule. */
export interface RuleTexts {
  summary: string;
  description?: string;
  runbook?: string;
}

/**
 * A rule's name, severity, `for` and templates: the configured ones where
 * given, else the rule's defaults.
 *
 * @example
 * ```ts
 * ruleBase("ActorFailed", { forMs: 0, severity: "critical" }, { summary: "{{ $labels.actor }} failed" });
 * ```
 */
export function ruleBase(name: string, s: BaseSettings, texts: RuleTexts): {
  name: string;
  severity: Severity;
  forMs: number;
  summary: string;
  description?: string;
  runbook?: string;
} {
  const description = s.description ?? texts.description;
  const runbook = s.runbook ?? texts.runbook;
  return {
    name,
    severity: s.severity,
    forMs: s.forMs,
    summary: s.summary ?? texts.summary,
    ...(description === undefined ? {} : { description }),
    ...(runbook === undefined ? {} : { runbook }),
  };
}
