/**
 * The main thread's system and application rules: readings in, the alerts
 * to publish out, and the rules' metrics mirror for `/metrics`.
 *
 * @module
 */
import type { Alert } from "../../alerting/model.ts";
import type { RuleSettings } from "../../alerting/rules/config.ts";
import type { RuleEvaluator } from "../../alerting/rules/evaluator.ts";
import { snapshotWindows, systemEvaluator } from "../../alerting/rules/evaluators.ts";
import { ruleMetrics } from "../../alerting/rules/metrics.ts";
import {
  type SystemReadings,
  type SystemSnapshot,
  SystemSnapshotter,
} from "../../alerting/rules/system_snapshot.ts";
import type { AlertStore } from "../../store/alert_types.ts";
import type { MetricJson } from "./metric_json.ts";

/** Options of {@linkcode SystemRules}. */
export interface SystemRulesOptions {
  /** `config.alerts.rules`. */
  settings: RuleSettings;
  /** The supervisor's: a running actor silent for longer counts as down. */
  heartbeatTimeoutMs: number;
  /**
   * `config.alerts.resolveTimeoutMs`: firing alerts carry
   * `endsAt = now + resolveTimeoutMs`, so the alert manager resolves them
   * if this process stops re-sending them.
   */
  resolveTimeoutMs?: number;
  /** Gathers the readings at `now` (`readSystemReadings`). */
  read: (now: number) => Promise<SystemReadings>;
  /**
   * The `instance` label on every alert: which process measured it. Two
   * processes (say the collector host and the engine host) each watch their
   * own CPU, lag and actors; without it their alerts would share a
   * fingerprint and one process's "resolved" would end the other's alert.
   */
  instance?: string;
}

/**
 * The system evaluator over live readings. Call {@linkcode SystemRules.evaluate}
 * once per evaluation cycle, never two at once: the snapshotter keeps the
 * previous CPU times and counter windows.
 *
 * @example
 * ```ts ignore
 * const rules = new SystemRules({ settings: config.alerts.rules, heartbeatTimeoutMs: 10_000,
 *   read: (now) => readSystemReadings(sources, now) });
 * for (const alert of await rules.evaluate(Date.now())) await publish(alert);
 * ```
 */
export class SystemRules {
  readonly evaluator: RuleEvaluator<SystemSnapshot>;
  readonly settings: RuleSettings;
  readonly #snapper: SystemSnapshotter;
  readonly #read: (now: number) => Promise<SystemReadings>;
  readonly #instance: string | undefined;

  constructor(options: SystemRulesOptions) {
    this.settings = options.settings;
    this.evaluator = systemEvaluator(
      options.settings,
      options.resolveTimeoutMs === undefined ? {} : { resolveTimeoutMs: options.resolveTimeoutMs },
    );
    this.#snapper = new SystemSnapshotter(
      snapshotWindows(options.settings, options.heartbeatTimeoutMs),
    );
    this.#read = options.read;
    this.#instance = options.instance;
  }

  /**
   * Reads, evaluates, and returns what to publish: every state change, then
   * the firing alerts due to be announced again (`resendIntervalMs`), so
   * the alert manager's resolve timeout does not end them.
   */
  async evaluate(now: number): Promise<Alert[]> {
    const readings = await this.#read(now);
    const changes = this.evaluator.evaluate(this.#snapper.snapshot(readings, now), now);
    const alerts = [...changes, ...this.evaluator.resendDue(now, this.settings.resendIntervalMs)];
    const instance = this.#instance;
    return instance === undefined
      ? alerts
      : alerts.map((a) => ({ ...a, labels: { ...a.labels, instance } }));
  }

  /**
   * Takes back this process's pending and firing alerts from the store after
   * a restart, so a `for` already under way does not start over and an alert
   * whose condition cleared while it was down resolves on the next cycle.
   * Alerts of other processes (another `instance`) are left alone.
   */
  async restore(store: Pick<AlertStore, "list">, now: number): Promise<number> {
    const names = new Set(this.evaluator.rules.map((r) => r.name));
    const mine = [
      ...await store.list({ state: "pending", limit: 10_000 }),
      ...await store.list({ state: "firing", limit: 10_000 }),
    ].filter((a) => names.has(a.labels.alertname ?? "") && a.labels.instance === this.#instance)
      .map(({ labels: { instance: _, ...labels }, ...a }) => ({ ...a, labels }));
    this.evaluator.restore(mine, now);
    return mine.length;
  }

  /** `alert_rule_value`, `alert_rule_alerts` and `alert_rule_evaluation_failures_total`. */
  metrics(): MetricJson[] {
    return ruleMetrics(this.evaluator);
  }
}
