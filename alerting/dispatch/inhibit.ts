/**
 * Inhibition (Alertmanager's `inhibit/inhibit.go`): while a source alert
 * fires, target alerts with the same values of the rule's `equal` labels are
 * muted. Sources are indexed per rule by those values, so a lookup costs one
 * map read per rule whatever the number of firing alerts.
 *
 * @module
 */
import { fingerprint as fingerprintOf, type Labels } from "../model.ts";
import type { InhibitRuleConfig } from "./config.ts";
import { compileMatchers, type LabelPredicate, parseMatcher } from "./matchers.ts";

/** What the inhibitor needs to know of a possible source alert. */
export interface InhibitionSource {
  labels: Labels;
  state: string;
  endsAt?: number;
  /** Computed from the labels when absent. */
  fingerprint?: string;
}

interface CompiledRule {
  source: LabelPredicate;
  target: LabelPredicate;
  equal: readonly string[];
}

interface IndexedSource {
  fingerprint: string;
  endsAt: number | undefined;
  /** Matches the rule's target side too: it cannot inhibit two-sided targets. */
  twoSided: boolean;
}

const NO_ENTRIES: ReadonlyArray<readonly [number, string]> = Object.freeze([]);

function equalKey(equal: readonly string[], labels: Labels): string {
  // A missing label reads as "" (missing in both counts as equal). Quoting
  // each value keeps distinct value lists from joining into the same key.
  let key = "";
  for (const name of equal) key += `${JSON.stringify(labels[name] ?? "")},`;
  return key;
}

/**
 * The firing alerts that can inhibit, indexed per rule by their `equal`
 * label values. Build it once per batch of lookups, or keep it up to date
 * with {@link set}/{@link delete} as alerts change.
 *
 * @example
 * ```ts
 * const sources = inhibitor.index(firingAlerts);
 * const muted = alerts.filter((a) => inhibitor.isInhibited(a.labels, sources, now));
 * ```
 */
export class InhibitionSources {
  readonly #rules: readonly CompiledRule[];
  /** Per rule: equal-key → fingerprint → source. */
  readonly #byRule: Map<string, Map<string, IndexedSource>>[];
  /** fingerprint → (rule index, equal key) entries, for deletion. */
  readonly #entries = new Map<string, ReadonlyArray<readonly [number, string]>>();

  /** @internal Use {@link Inhibitor.index}. */
  constructor(rules: readonly CompiledRule[]) {
    this.#rules = rules;
    this.#byRule = rules.map(() => new Map());
  }

  /** Adds or replaces an alert; one that is not firing is removed instead. */
  set(alert: InhibitionSource): void {
    const fp = alert.fingerprint ?? fingerprintOf(alert.labels);
    if (alert.state !== "firing") {
      this.delete(fp);
      return;
    }
    const known = this.#entries.get(fp);
    if (known) {
      // Same fingerprint, same labels: the index keys hold; only endsAt moves.
      for (const [i, key] of known) {
        const source = this.#byRule[i]!.get(key)?.get(fp);
        if (source) source.endsAt = alert.endsAt;
      }
      return;
    }
    const entries: Array<[number, string]> = [];
    for (let i = 0; i < this.#rules.length; i++) {
      const rule = this.#rules[i]!;
      if (!rule.source(alert.labels)) continue;
      const key = equalKey(rule.equal, alert.labels);
      const bucket = this.#byRule[i]!;
      let sources = bucket.get(key);
      if (!sources) bucket.set(key, sources = new Map());
      sources.set(fp, {
        fingerprint: fp,
        endsAt: alert.endsAt,
        twoSided: rule.target(alert.labels),
      });
      entries.push([i, key]);
    }
    // Remembered even when no rule matched, so updates skip the matching.
    this.#entries.set(fp, entries.length > 0 ? entries : NO_ENTRIES);
  }

  /** Removes an alert by fingerprint (no-op when absent). */
  delete(fp: string): void {
    const entries = this.#entries.get(fp);
    if (!entries) return;
    for (const [i, key] of entries) {
      const bucket = this.#byRule[i]!;
      const sources = bucket.get(key);
      sources?.delete(fp);
      if (sources?.size === 0) bucket.delete(key);
    }
    this.#entries.delete(fp);
  }

  /** @internal The sources of rule `i` whose equal labels match `labels`. */
  candidates(i: number, labels: Labels): Iterable<IndexedSource> {
    return this.#byRule[i]?.get(equalKey(this.#rules[i]!.equal, labels))?.values() ?? [];
  }
}

/**
 * Decides whether an alert is muted by a firing one, by a list of rules.
 *
 * @example
 * ```ts
 * const inhibitor = new Inhibitor(DEFAULT_INHIBIT_RULES);
 * inhibitor.isInhibited(
 *   { alertname: "Lag", severity: "warning", instance: "a" },
 *   [{ labels: { alertname: "Lag", severity: "critical", instance: "a" }, state: "firing" }],
 * ); // true
 * ```
 */
export class Inhibitor {
  readonly rules: readonly InhibitRuleConfig[];
  readonly #compiled: readonly CompiledRule[];

  /** @throws {TypeError} naming a bad matcher. */
  constructor(rules: readonly InhibitRuleConfig[]) {
    this.rules = rules;
    this.#compiled = rules.map((r) => ({
      source: compileMatchers(r.sourceMatchers.map(parseMatcher)),
      target: compileMatchers(r.targetMatchers.map(parseMatcher)),
      equal: [...(r.equal ?? [])],
    }));
  }

  /**
   * Indexes the alerts that can inhibit (those not firing are skipped).
   *
   * @example
   * ```ts
   * const sources = inhibitor.index(await store.alerts.list({ state: "firing" }));
   * ```
   */
  index(alerts: Iterable<InhibitionSource>): InhibitionSources {
    const sources = new InhibitionSources(this.#compiled);
    for (const alert of alerts) sources.set(alert);
    return sources;
  }

  /**
   * True when some firing source mutes `labels`. `active` is an index (for
   * many lookups) or a plain list of alerts (indexed on each call). A source
   * whose `endsAt` is at or before `now` has resolved and mutes nothing.
   *
   * @example
   * ```ts
   * inhibitor.isInhibited(alert.labels, sources, now);
   * ```
   */
  isInhibited(
    labels: Labels,
    active: InhibitionSources | Iterable<InhibitionSource>,
    now?: number,
  ): boolean {
    return this.#find(labels, active, now, true) !== undefined;
  }

  /**
   * The fingerprints of the firing alerts that mute `labels`, sorted
   * (Alertmanager's `inhibitedBy`).
   *
   * @example
   * ```ts
   * inhibitor.inhibitedBy(alert.labels, sources, now); // ["0f1e2d3c4b5a6978"]
   * ```
   */
  inhibitedBy(
    labels: Labels,
    active: InhibitionSources | Iterable<InhibitionSource>,
    now?: number,
  ): string[] {
    const found: string[] = [];
    this.#find(labels, active, now, false, found);
    return found.length < 2 ? found : [...new Set(found)].sort();
  }

  #find(
    labels: Labels,
    active: InhibitionSources | Iterable<InhibitionSource>,
    now: number | undefined,
    firstOnly: boolean,
    found?: string[],
  ): string | undefined {
    let sources: InhibitionSources | undefined;
    for (let i = 0; i < this.#compiled.length; i++) {
      const rule = this.#compiled[i]!;
      if (!rule.target(labels)) continue;
      sources ??= active instanceof InhibitionSources ? active : this.index(active);
      // An alert matching both sides must be muted by a source that does not
      // (Alertmanager's excludeTwoSidedMatch), so it never mutes itself and
      // two such alerts never mute each other.
      const twoSided = rule.source(labels);
      for (const source of sources.candidates(i, labels)) {
        if (twoSided && source.twoSided) continue;
        if (now !== undefined && source.endsAt !== undefined && source.endsAt <= now) continue;
        if (firstOnly) return source.fingerprint;
        found?.push(source.fingerprint);
      }
    }
    return undefined;
  }
}
