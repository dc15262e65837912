/**
 * The `label` filter of `GET /alerts`: Alertmanager matchers
 * (`symbol="BTC/USDT"`, `severity=~"warning|critical"`, or plain
 * `name=value`). Equality matchers go to the store's query; the rest are
 * applied to what it returns.
 *
 * @module
 */
import { compileMatchers, type LabelPredicate, parseMatcher } from "../../alerting/dispatch/mod.ts";
import type { Labels, Matcher } from "../../alerting/model.ts";
import type { Problem } from "./invalid.ts";

/**
 * A parsed label filter: exact pairs the store can filter on, and a
 * predicate for the remaining matchers (`null` when none remain).
 *
 * @example
 * ```ts
 * const f: LabelFilter = { labels: { symbol: "BTC/USDT" }, rest: null };
 * ```
 */
export interface LabelFilter {
  labels: Labels;
  rest: LabelPredicate | null;
}

/**
 * Parses the `label` query values (one string or several). A value that is
 * not a matcher is a problem naming it.
 *
 * @example
 * ```ts
 * const f = parseLabelFilter(['symbol="BTC/USDT"', "severity!=info"]);
 * // f.labels: { symbol: "BTC/USDT" }; f.rest matches severity != "info"
 * ```
 */
export function parseLabelFilter(
  values: string | readonly string[] | undefined,
): LabelFilter | Problem[] {
  const texts = values === undefined ? [] : typeof values === "string" ? [values] : values;
  const matchers: Matcher[] = [];
  const problems: Problem[] = [];
  for (const text of texts) {
    try {
      matchers.push(parseMatcher(text));
    } catch (e) {
      problems.push({ path: "label", message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (problems.length > 0) return problems;
  const labels: Labels = {};
  const rest: Matcher[] = [];
  for (const m of matchers) {
    // `name=""` also matches alerts without the label, which the store's
    // "pair present" filter would not; a second value for a name is left to
    // the predicate (it then matches nothing, as it should).
    if (m.type === "=" && m.value !== "" && !(m.name in labels)) labels[m.name] = m.value;
    else rest.push(m);
  }
  return { labels, rest: rest.length > 0 ? compileMatchers(rest) : null };
}
