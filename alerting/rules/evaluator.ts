/**
 * Alerting-rule state in the manner of Prometheus: each evaluation turns the
 * rules' currently-true instances into pending → firing → resolved alerts
 * and reports only what changed. No timers: the caller passes `now`.
 *
 * @module
 */
import type { Alert, Labels, Severity } from "../model.ts";
import { renderTemplate } from "./template.ts";
import type { Rule, RuleInstance } from "./types.ts";

/** Options of {@linkcode RuleEvaluator}. */
export interface RuleEvaluatorOptions {
  /** Alertnames not to evaluate (the settings' `disabled`). */
  disabled?: Iterable<string>;
  /** Sets each alert's `generatorUrl` (e.g. a link to the rule in the API). */
  generatorUrl?: (rule: string) => string;
  /**
   * When set, firing alerts carry `endsAt = now + resolveTimeoutMs`, which
   * the alert manager may treat as resolved if no resend refreshes it (what
   * Prometheus does, so alerts of a dead evaluator do not fire forever).
   * Keep it above the resend interval. Default: no `endsAt` while firing.
   */
  resolveTimeoutMs?: number;
}

/** One current instance of a rule, for the metrics mirror and the API. */
export interface InstanceState {
  labels: Labels;
  value: number;
  state: "pending" | "firing";
  /** When the condition became true, epoch ms. */
  activeAt: number;
}

/** A rule and its current instances. */
export interface RuleState {
  name: string;
  severity: Severity;
  forMs: number;
  /** Evaluations that threw; the instances were then left as they were. */
  errors: number;
  lastError?: string;
  instances: InstanceState[];
}

interface Entry {
  labels: Labels;
  state: "pending" | "firing";
  activeAt: number;
  firedAt: number;
  lastSeenAt: number;
  value: number;
  annotations: Record<string, string>;
  /** Annotations last published while firing, to spot changes. */
  sent: Record<string, string> | null;
  lastSentAt: number;
}

interface Slot<I> {
  rule: Rule<I>;
  entries: Map<string, Entry>;
  errors: number;
  lastError?: string;
}

/**
 * Evaluates rules over inputs of type `I`.
 *
 * @example
 * ```ts
 * const ev = new RuleEvaluator<{ cpu: number }>([{
 *   name: "HighCpuUsage", severity: "warning", forMs: 60_000, summary: "CPU {{ $value }} %",
 *   evaluate: (i) => i.cpu > 90 ? [{ labels: {}, value: i.cpu }] : [],
 * }]);
 * ev.evaluate({ cpu: 95 }, 0);      // [pending]
 * ev.evaluate({ cpu: 95 }, 60_000); // [firing]
 * ev.evaluate({ cpu: 10 }, 75_000); // [resolved]
 * ```
 */
export class RuleEvaluator<I> {
  readonly #slots: Slot<I>[] = [];
  readonly #o: RuleEvaluatorOptions;

  constructor(rules: readonly Rule<I>[], options: RuleEvaluatorOptions = {}) {
    this.#o = options;
    const disabled = new Set(options.disabled ?? []);
    const names = new Set<string>();
    for (const rule of rules) {
      if (names.has(rule.name)) {
        throw new RangeError(
          `RuleEvaluator: rule names must be unique, received "${rule.name}" twice`,
        );
      }
      if (!(rule.forMs >= 0)) {
        throw new RangeError(
          `RuleEvaluator: ${rule.name}.forMs must be >= 0, received ${rule.forMs}`,
        );
      }
      names.add(rule.name);
      if (!disabled.has(rule.name)) this.#slots.push({ rule, entries: new Map(), errors: 0 });
    }
  }

  /** The rules evaluated (the disabled ones left out). */
  get rules(): Rule<I>[] {
    return this.#slots.map((s) => s.rule);
  }

  /**
   * Runs every rule once and returns the alerts to publish: new pending,
   * pending → firing, firing → resolved, and firing alerts whose annotations
   * changed. A rule that throws keeps its alerts as they were.
   */
  evaluate(inputs: I, now: number): Alert[] {
    const out: Alert[] = [];
    for (const slot of this.#slots) {
      let instances: RuleInstance[];
      try {
        instances = slot.rule.evaluate(inputs, now);
      } catch (e) {
        slot.errors++;
        slot.lastError = e instanceof Error ? e.message : String(e);
        continue;
      }
      this.#apply(slot, instances, now, out);
    }
    return out;
  }

  /** Every pending and firing alert. */
  active(): Alert[] {
    const out: Alert[] = [];
    for (const slot of this.#slots) {
      for (const e of slot.entries.values()) {
        out.push(this.#alert(slot.rule, e, e.state, e.lastSeenAt));
      }
    }
    return out;
  }

  /**
   * Firing alerts not published for `everyMs`, to announce again (so an
   * alert manager that restarted relearns them); each is then counted as sent.
   */
  resendDue(now: number, everyMs: number): Alert[] {
    const out: Alert[] = [];
    for (const slot of this.#slots) {
      for (const e of slot.entries.values()) {
        if (e.state !== "firing" || now - e.lastSentAt < everyMs) continue;
        e.lastSentAt = now;
        out.push(this.#alert(slot.rule, e, "firing", now));
      }
    }
    return out;
  }

  /**
   * Takes back alerts published before a restart (e.g. the store's firing
   * alerts) so their `for` does not start over and those no longer true
   * resolve on the next evaluation. Alerts of other or disabled rules are
   * ignored.
   */
  restore(alerts: Iterable<Alert>, now: number): void {
    for (const a of alerts) {
      if (a.state === "resolved") continue;
      const slot = this.#slots.find((s) => s.rule.name === a.labels.alertname);
      if (!slot) continue;
      const labels = { ...a.labels };
      const key = labelKey(labels);
      if (slot.entries.has(key)) continue;
      slot.entries.set(key, {
        labels,
        state: a.state,
        activeAt: a.startsAt,
        firedAt: a.startsAt,
        lastSeenAt: now,
        value: Number.NaN,
        annotations: { ...a.annotations },
        sent: a.state === "firing" ? { ...a.annotations } : null,
        lastSentAt: now,
      });
    }
  }

  /** Every rule's current instances and evaluation failures. */
  ruleStates(): RuleState[] {
    return this.#slots.map(({ rule, entries, errors, lastError }) => ({
      name: rule.name,
      severity: rule.severity,
      forMs: rule.forMs,
      errors,
      ...(lastError === undefined ? {} : { lastError }),
      instances: [...entries.values()].map((e) => ({
        labels: e.labels,
        value: e.value,
        state: e.state,
        activeAt: e.activeAt,
      })),
    }));
  }

  #apply(slot: Slot<I>, instances: RuleInstance[], now: number, out: Alert[]): void {
    const { rule, entries } = slot;
    const seen = new Set<string>();
    for (const inst of instances) {
      // The rule's identity labels win, as in Prometheus.
      const labels: Labels = {
        ...inst.labels,
        ...rule.labels,
        alertname: rule.name,
        severity: rule.severity,
      };
      const key = labelKey(labels);
      // A duplicate label set within one evaluation: the first one counts.
      if (seen.has(key)) continue;
      seen.add(key);
      const annotations = this.#annotations(rule, inst, labels);
      let e = entries.get(key);
      if (!e) {
        e = {
          labels,
          state: "pending",
          activeAt: now,
          firedAt: now,
          lastSeenAt: now,
          value: inst.value,
          annotations,
          sent: null,
          lastSentAt: now,
        };
        entries.set(key, e);
        if (rule.forMs > 0) {
          out.push(this.#alert(rule, e, "pending", now));
          continue;
        }
      }
      e.lastSeenAt = now;
      e.value = inst.value;
      e.annotations = annotations;
      if (e.state === "pending" && now - e.activeAt >= rule.forMs) {
        e.state = "firing";
        e.firedAt = now;
      }
      if (e.state === "firing" && (e.sent === null || !sameRecord(e.sent, annotations))) {
        e.sent = annotations;
        e.lastSentAt = now;
        out.push(this.#alert(rule, e, "firing", now));
      }
    }
    for (const [key, e] of entries) {
      if (seen.has(key)) continue;
      if (e.state === "pending") {
        entries.delete(key);
      } else if (now - e.lastSeenAt >= (rule.keepFiringForMs ?? 0)) {
        entries.delete(key);
        out.push(this.#alert(rule, e, "resolved", now));
      }
    }
  }

  #annotations(rule: Rule<I>, inst: RuleInstance, labels: Labels): Record<string, string> {
    const a: Record<string, string> = { ...inst.annotations };
    if (rule.summary) a.summary = renderTemplate(rule.summary, labels, inst.value);
    if (rule.description) a.description = renderTemplate(rule.description, labels, inst.value);
    if (rule.runbook) a.runbook = renderTemplate(rule.runbook, labels, inst.value);
    return a;
  }

  #alert(rule: Rule<I>, e: Entry, state: Alert["state"], now: number): Alert {
    const alert: Alert = {
      labels: { ...e.labels },
      annotations: { ...e.annotations },
      state,
      // Like Prometheus: a pending alert starts when its condition did, a
      // firing or resolved one when it fired.
      startsAt: state === "pending" ? e.activeAt : e.firedAt,
    };
    if (state === "resolved") alert.endsAt = now;
    else if (state === "firing" && this.#o.resolveTimeoutMs !== undefined) {
      alert.endsAt = now + this.#o.resolveTimeoutMs;
    }
    const url = this.#o.generatorUrl?.(rule.name);
    if (url !== undefined) alert.generatorUrl = url;
    return alert;
  }
}

/** A label set's identity, independent of key order. */
function labelKey(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let key = "";
  for (const n of names) key += `${n}\xff${labels[n]}\xff`;
  return key;
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (a[k] !== b[k]) return false;
  return true;
}
