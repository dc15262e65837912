/**
 * Label matchers in Alertmanager's classic syntax (`pkg/labels/parse.go`):
 * `name<op>value` with `=`, `!=`, `=~`, `!~`, the value optionally in double
 * quotes with OpenMetrics escapes. Regexes are fully anchored, and a label an
 * alert lacks matches as the empty string.
 *
 * @module
 */
import type { Labels, Matcher, MatchType } from "../model.ts";

/** A compiled matcher or matcher set: true when the label set satisfies it. */
export type LabelPredicate = (labels: Labels) => boolean;

// `=~` before `=` so that `a=~b` is not read as `a = "~b"`; the lazy value
// group leaves trailing whitespace to the final `\s*`.
const MATCHER_RE = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*([\s\S]*?)\s*$/;

/**
 * Parses one matcher such as `severity=~"warning|critical"` or `job!=api`.
 * Regex values are checked to compile.
 *
 * @throws {TypeError} naming the text and what is wrong with it.
 * @example
 * ```ts
 * parseMatcher('alertname="StaleData"'); // { name: "alertname", type: "=", value: "StaleData" }
 * parseMatcher("instance!=a");            // { name: "instance", type: "!=", value: "a" }
 * ```
 */
export function parseMatcher(text: string): Matcher {
  const parts = MATCHER_RE.exec(text);
  if (!parts) {
    throw new TypeError(
      `bad matcher ${JSON.stringify(text)}: expected a label name, one of = != =~ !~, ` +
        `and a value, such as severity="critical"`,
    );
  }
  const name = parts[1]!;
  const type = parts[2] as MatchType;
  const value = unescapeValue(text, parts[3]!);
  const matcher = { name, type, value };
  if (type === "=~" || type === "!~") compileRegex(value, text);
  return matcher;
}

/** OpenMetrics unescaping, tolerant in the same places as Alertmanager's parser. */
function unescapeValue(text: string, raw: string): string {
  let body = raw;
  let expectClosingQuote = false;
  if (body.startsWith('"')) {
    body = body.slice(1);
    expectClosingQuote = true;
  }
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\" && i < body.length - 1) {
      const next = body[++i]!;
      // A spurious escape keeps its backslash, as Alertmanager does.
      out += next === "n" ? "\n" : next === '"' || next === "\\" ? next : `\\${next}`;
    } else if (c === '"') {
      if (!expectClosingQuote || i < body.length - 1) {
        throw new TypeError(
          `bad matcher ${JSON.stringify(text)}: the value contains an unescaped double quote`,
        );
      }
      expectClosingQuote = false;
    } else {
      out += c;
    }
  }
  if (expectClosingQuote) {
    throw new TypeError(
      `bad matcher ${JSON.stringify(text)}: the value's closing quote is missing`,
    );
  }
  return out;
}

/**
 * Parses several matchers: an array holds one matcher per entry; a string is
 * Alertmanager's comma-separated form, braces optional
 * (`{alertname="X", severity=~"warning|critical"}`), commas inside quotes kept.
 *
 * @throws {TypeError} naming the first bad matcher.
 * @example
 * ```ts
 * parseMatchers(['alertname="X"', "severity!=info"]).length; // 2
 * parseMatchers('{alertname="X",severity!=info}').length;    // 2
 * ```
 */
export function parseMatchers(texts: string | readonly string[]): Matcher[] {
  return (typeof texts === "string" ? splitMatchers(texts) : texts).map(parseMatcher);
}

function splitMatchers(text: string): string[] {
  let s = text.trim();
  if (s.startsWith("{")) s = s.slice(1);
  if (s.endsWith("}")) s = s.slice(0, -1);
  const tokens: string[] = [];
  let token = "";
  let quoted = false;
  let escaped = false;
  for (const c of s) {
    if (c === "," && !quoted) {
      tokens.push(token);
      token = "";
      continue;
    }
    if (c === '"') {
      if (!escaped) quoted = !quoted;
      escaped = false;
    } else if (c === "\\") {
      escaped = !escaped;
    } else {
      escaped = false;
    }
    token += c;
  }
  if (token.trim() !== "") tokens.push(token);
  return tokens;
}

/**
 * Compiles a regex matcher value the way Alertmanager does: anchored as
 * `^(?:value)$`. A leading Go-style `(?i)`/`(?s)` flag group, common in
 * Alertmanager configs, becomes the JavaScript flag.
 */
function compileRegex(value: string, context: string): RegExp {
  let source = value;
  let flags = "";
  const flagGroup = /^\(\?([is]+)\)/.exec(source);
  if (flagGroup) {
    flags = [...new Set(flagGroup[1]!)].join("");
    source = source.slice(flagGroup[0].length);
  }
  try {
    return new RegExp(`^(?:${source})$`, flags);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new TypeError(
      `bad matcher ${JSON.stringify(context)}: invalid regular expression ` +
        `${JSON.stringify(value)} (${reason})`,
    );
  }
}

/**
 * Compiles a matcher into a predicate over a label set. A missing label
 * reads as `""`, so `foo=""` matches alerts without `foo`; regexes compile
 * once, here.
 *
 * @throws {TypeError} when a regex does not compile or the type is unknown.
 * @example
 * ```ts
 * const isUrgent = compileMatcher({ name: "severity", type: "=~", value: "warning|critical" });
 * isUrgent({ severity: "critical" }); // true
 * isUrgent({ severity: "critical-ish" }); // false (anchored)
 * ```
 */
export function compileMatcher(m: Matcher): LabelPredicate {
  const name = m.name;
  const value = m.value;
  switch (m.type) {
    case "=":
      return (labels) => (labels[name] ?? "") === value;
    case "!=":
      return (labels) => (labels[name] ?? "") !== value;
    case "=~": {
      const re = compileRegex(value, formatMatcher(m));
      return (labels) => re.test(labels[name] ?? "");
    }
    case "!~": {
      const re = compileRegex(value, formatMatcher(m));
      return (labels) => !re.test(labels[name] ?? "");
    }
    default:
      throw new TypeError(
        `bad matcher ${JSON.stringify(m)}: type must be one of = != =~ !~, got ${
          JSON.stringify((m as { type: unknown }).type)
        }`,
      );
  }
}

/**
 * Compiles a matcher list into one predicate that holds when all hold (an
 * empty list matches everything).
 *
 * @example
 * ```ts
 * const p = compileMatchers(parseMatchers(['alertname="X"', 'instance!="a"']));
 * p({ alertname: "X", instance: "b" }); // true
 * ```
 */
export function compileMatchers(matchers: readonly Matcher[]): LabelPredicate {
  const predicates = matchers.map(compileMatcher);
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0]!;
  return (labels) => {
    for (const p of predicates) if (!p(labels)) return false;
    return true;
  };
}

// Matchers are treated as immutable values, so their compiled form can be
// remembered per object.
const compiledCache = new WeakMap<Matcher, LabelPredicate>();

/**
 * True when `labels` satisfy every matcher. Plain matchers are compiled on
 * first use and remembered per matcher object (do not mutate them afterwards);
 * predicates from {@link compileMatcher} are called directly.
 *
 * @example
 * ```ts
 * matchesAll([{ name: "env", type: "=", value: "" }], { alertname: "X" }); // true: missing = ""
 * ```
 */
export function matchesAll(
  matchers: readonly (Matcher | LabelPredicate)[],
  labels: Labels,
): boolean {
  for (const m of matchers) {
    if (typeof m === "function") {
      if (!m(labels)) return false;
      continue;
    }
    let p = compiledCache.get(m);
    if (!p) {
      p = compileMatcher(m);
      compiledCache.set(m, p);
    }
    if (!p(labels)) return false;
  }
  return true;
}

/**
 * Formats a matcher as Alertmanager prints it: `name<op>"value"` with
 * OpenMetrics escapes, so the output parses back to the same matcher.
 *
 * @example
 * ```ts
 * formatMatcher({ name: "severity", type: "=", value: "critical" }); // 'severity="critical"'
 * ```
 */
export function formatMatcher(m: Matcher): string {
  const escaped = m.value.replaceAll("\\", "\\\\").replaceAll("\n", "\\n").replaceAll('"', '\\"');
  return `${m.name}${m.type}"${escaped}"`;
}

/**
 * Formats a matcher list as Alertmanager does: `{a="1",b=~"x"}`.
 *
 * @example
 * ```ts
 * formatMatchers([]); // "{}"
 * ```
 */
export function formatMatchers(matchers: readonly Matcher[]): string {
  return `{${matchers.map(formatMatcher).join(",")}}`;
}

/**
 * Orders matchers as Alertmanager sorts a route's matchers (name, value,
 * then type), which fixes the route's key regardless of config order.
 *
 * @example
 * ```ts
 * const sorted = [...matchers].sort(compareMatchers);
 * ```
 */
export function compareMatchers(a: Matcher, b: Matcher): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
}

const TYPE_ORDER: Record<MatchType, number> = { "=": 0, "!=": 1, "=~": 2, "!~": 3 };
