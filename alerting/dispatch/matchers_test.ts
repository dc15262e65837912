import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import type { Matcher } from "../model.ts";
import {
  compileMatcher,
  compileMatchers,
  formatMatcher,
  matchesAll,
  parseMatcher,
  parseMatchers,
} from "./matchers.ts";

Deno.test("parseMatcher reads every operator, quoted and unquoted, as Alertmanager does", () => {
  const cases: Array<[string, Matcher]> = [
    ['alertname="StaleData"', { name: "alertname", type: "=", value: "StaleData" }],
    ['severity=~"warning|critical"', { name: "severity", type: "=~", value: "warning|critical" }],
    ['instance!="a"', { name: "instance", type: "!=", value: "a" }],
    ['job!~"x.*"', { name: "job", type: "!~", value: "x.*" }],
    ["job!~x.*", { name: "job", type: "!~", value: "x.*" }],
    ["severity=critical", { name: "severity", type: "=", value: "critical" }],
    ["  env  !=  prod  ", { name: "env", type: "!=", value: "prod" }],
    ['env=""', { name: "env", type: "=", value: "" }],
    ["env=", { name: "env", type: "=", value: "" }],
    ['msg="say \\"hi\\", then\\nleave"', {
      name: "msg",
      type: "=",
      value: 'say "hi", then\nleave',
    }],
    ['path="C:\\\\dir"', { name: "path", type: "=", value: "C:\\dir" }],
    // A spurious escape keeps its backslash.
    ['re=~"\\d+"', { name: "re", type: "=~", value: "\\d+" }],
    ["a:b=1", { name: "a:b", type: "=", value: "1" }],
  ];
  for (const [text, expected] of cases) assertEquals(parseMatcher(text), expected, text);
});

Deno.test("parseMatcher names the text and the fault of a bad matcher", () => {
  const cases: Array<[string, string]> = [
    ["severity", "expected a label name, one of = != =~ !~"],
    ['1abc="x"', "expected a label name"],
    ['a=="x"', "unescaped double quote"],
    ['a="x', "closing quote is missing"],
    ['a="x"y"', "unescaped double quote"],
    ['a=~"(unclosed"', "invalid regular expression"],
  ];
  for (const [text, fault] of cases) {
    const err = assertThrows(() => parseMatcher(text), fault);
    assert(err instanceof TypeError, text);
    assert(err.message.includes(JSON.stringify(text)), `${err.message} names ${text}`);
  }
});

Deno.test("parseMatchers splits Alertmanager's comma form outside quotes, braces optional", () => {
  assertEquals(parseMatchers('{alertname="X", msg="a,b" , severity!=info,}'), [
    { name: "alertname", type: "=", value: "X" },
    { name: "msg", type: "=", value: "a,b" },
    { name: "severity", type: "!=", value: "info" },
  ]);
  assertEquals(parseMatchers(["a=1", 'b=~"2|3"']).map((m) => m.type), ["=", "=~"]);
  assertEquals(parseMatchers("{}"), []);
});

Deno.test("regex matchers are fully anchored", () => {
  const m = compileMatcher({ name: "severity", type: "=~", value: "warning|critical" });
  assert(m({ severity: "critical" }));
  assert(m({ severity: "warning" }));
  assert(!m({ severity: "critical-ish" }));
  assert(!m({ severity: "not-warning" }));
  const n = compileMatcher({ name: "job", type: "!~", value: "x.*" });
  assert(!n({ job: "xyz" }));
  assert(n({ job: "axyz" }));
});

Deno.test("a missing label matches as the empty string", () => {
  const cases: Array<[Matcher, boolean]> = [
    [{ name: "env", type: "=", value: "" }, true],
    [{ name: "env", type: "!=", value: "" }, false],
    [{ name: "env", type: "!=", value: "prod" }, true],
    [{ name: "env", type: "=~", value: ".*" }, true],
    [{ name: "env", type: "=~", value: ".+" }, false],
    [{ name: "env", type: "!~", value: "prod" }, true],
  ];
  for (const [m, expected] of cases) {
    assertEquals(compileMatcher(m)({ alertname: "X" }), expected, formatMatcher(m));
  }
});

Deno.test("a leading Go flag group (?i) makes the regex case-insensitive", () => {
  const m = compileMatcher(parseMatcher('exchange=~"(?i)binance|kraken"'));
  assert(m({ exchange: "Binance" }));
  assert(m({ exchange: "KRAKEN" }));
  assert(!m({ exchange: "bitstamp" }));
});

Deno.test("compileMatcher rejects an invalid regex or type with a clear error", () => {
  assertThrows(
    () => compileMatcher({ name: "a", type: "=~", value: "[" }),
    'invalid regular expression "["',
  );
  assertThrows(
    () => compileMatcher({ name: "a", type: "~" as Matcher["type"], value: "x" }),
    'type must be one of = != =~ !~, got "~"',
  );
});

Deno.test("matchesAll needs every matcher, takes plain or compiled matchers, and [] matches all", () => {
  const ms = parseMatchers(['alertname="X"', 'instance!="a"']);
  assert(matchesAll(ms, { alertname: "X", instance: "b" }));
  assert(!matchesAll(ms, { alertname: "X", instance: "a" }));
  assert(!matchesAll(ms, { alertname: "Y", instance: "b" }));
  assert(matchesAll(ms.map(compileMatcher), { alertname: "X" }));
  assert(matchesAll([], { alertname: "anything" }));
  assert(compileMatchers([])({}));
});

Deno.test("formatMatcher output parses back to the same matcher", () => {
  const ms: Matcher[] = [
    { name: "a", type: "=", value: 'quote " backslash \\ newline \n' },
    { name: "b", type: "!~", value: "x.*" },
  ];
  for (const m of ms) assertEquals(parseMatcher(formatMatcher(m)), m);
  assertEquals(formatMatcher(ms[1]!), 'b!~"x.*"');
});
