import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { fingerprint, type Labels } from "../model.ts";
import { DEFAULT_INHIBIT_RULES } from "./config.ts";
import { type InhibitionSource, Inhibitor } from "./inhibit.ts";

const firing = (labels: Labels, endsAt?: number): InhibitionSource => ({
  labels,
  state: "firing",
  ...(endsAt === undefined ? {} : { endsAt }),
});

const critical = (instance: string, alertname = "Lag") => ({
  alertname,
  severity: "critical",
  instance,
});
const warning = (instance: string, alertname = "Lag") => ({
  alertname,
  severity: "warning",
  instance,
});

Deno.test("inhibition follows source, target and equal labels", () => {
  const inhibitor = new Inhibitor([{
    sourceMatchers: ['severity="critical"'],
    targetMatchers: ['severity="warning"'],
    equal: ["alertname", "instance"],
  }]);
  const cases: Array<[string, Labels, InhibitionSource[], boolean]> = [
    ["critical mutes the warning of the same alertname and instance", warning("a"), [
      firing(critical("a")),
    ], true],
    ["not a different instance", warning("b"), [firing(critical("a"))], false],
    ["not a different alertname", warning("a", "Other"), [firing(critical("a"))], false],
    ["not an alert the target matchers miss", { ...critical("a"), x: "1" }, [
      firing(critical("a")),
    ], false],
    ["a resolved source mutes nothing", warning("a"), [
      { labels: critical("a"), state: "resolved" },
    ], false],
    ["a pending source mutes nothing", warning("a"), [
      { labels: critical("a"), state: "pending" },
    ], false],
    ["no sources, no inhibition", warning("a"), [], false],
    [
      "an equal label missing in both counts as equal",
      { alertname: "Lag", severity: "warning" },
      [firing({ alertname: "Lag", severity: "critical" })],
      true,
    ],
    [
      "missing in one and set in the other is not equal",
      { alertname: "Lag", severity: "warning" },
      [firing(critical("a"))],
      false,
    ],
  ];
  for (const [name, target, sources, expected] of cases) {
    assertEquals(inhibitor.isInhibited(target, sources), expected, name);
    assertEquals(inhibitor.isInhibited(target, inhibitor.index(sources)), expected, name);
  }
});

Deno.test("an alert never inhibits itself, nor does another alert matching both sides", () => {
  // Both sides match `team=infra` alerts: a rule of the kind Alertmanager
  // guards with excludeTwoSidedMatch.
  const inhibitor = new Inhibitor([{
    sourceMatchers: ["team=infra"],
    targetMatchers: ["team=infra"],
    equal: ["cluster"],
  }]);
  const a = { alertname: "A", team: "infra", cluster: "c1" };
  const b = { alertname: "B", team: "infra", cluster: "c1" };
  assert(!inhibitor.isInhibited(a, [firing(a)]), "itself");
  assert(!inhibitor.isInhibited(a, [firing(a), firing(b)]), "a two-sided peer");

  // A source matching only the source side does mute a two-sided target.
  const rule = new Inhibitor([{
    sourceMatchers: ['severity=~"critical|warning"'],
    targetMatchers: ['severity="warning"'],
    equal: ["instance"],
  }]);
  const w = { severity: "warning", instance: "i" };
  assert(!rule.isInhibited(w, [firing(w)]), "a warning does not mute itself");
  assert(rule.isInhibited(w, [firing(w), firing({ severity: "critical", instance: "i" })]));
});

Deno.test("inhibitedBy lists the sources' fingerprints, and a source past its endsAt mutes nothing", () => {
  const inhibitor = new Inhibitor(DEFAULT_INHIBIT_RULES);
  const source = critical("a");
  const sources = inhibitor.index([firing(source, 1_000)]);
  assertEquals(inhibitor.inhibitedBy(warning("a"), sources, 999), [fingerprint(source)]);
  assertEquals(inhibitor.inhibitedBy(warning("a"), sources, 1_000), []);
});

Deno.test("the default rules chain: critical mutes warning, warning mutes info, by identity labels", () => {
  const inhibitor = new Inhibitor(DEFAULT_INHIBIT_RULES);
  const base = { alertname: "StaleData", exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
  const sources = inhibitor.index([
    firing({ ...base, severity: "critical" }),
    firing({ ...base, symbol: "ETH/USDT", severity: "warning" }),
  ]);
  assert(inhibitor.isInhibited({ ...base, severity: "warning" }, sources));
  assert(!inhibitor.isInhibited({ ...base, severity: "info" }, sources), "no warning for BTC");
  assert(inhibitor.isInhibited({ ...base, symbol: "ETH/USDT", severity: "info" }, sources));
  assert(!inhibitor.isInhibited({ ...base, severity: "critical" }, sources));
});

Deno.test("the source index follows updates: a source that resolves or goes away stops muting", () => {
  const inhibitor = new Inhibitor(DEFAULT_INHIBIT_RULES);
  const sources = inhibitor.index([]);
  sources.set(firing(critical("a")));
  assert(inhibitor.isInhibited(warning("a"), sources));
  sources.set({ labels: critical("a"), state: "resolved" });
  assert(!inhibitor.isInhibited(warning("a"), sources));
  sources.set(firing(critical("a")));
  sources.delete(fingerprint(critical("a")));
  assert(!inhibitor.isInhibited(warning("a"), sources));
});

Deno.test("inhibition over 10,000 firing alerts answers from the index", () => {
  const inhibitor = new Inhibitor(DEFAULT_INHIBIT_RULES);
  const alerts: InhibitionSource[] = [];
  for (let i = 0; i < 10_000; i++) {
    alerts.push(firing({ ...critical(`i${i}`), severity: i % 2 ? "critical" : "warning" }));
  }
  const sources = inhibitor.index(alerts);
  let muted = 0;
  for (let i = 0; i < 10_000; i++) {
    if (inhibitor.isInhibited(warning(`i${i}`), sources)) muted++;
  }
  // Odd instances have a critical source; even ones are the warning itself.
  assertEquals(muted, 5_000);
});

Deno.test("an inhibition rule with a bad matcher is refused by name", () => {
  assertThrows(
    () => new Inhibitor([{ sourceMatchers: ["oops"], targetMatchers: ["a=1"], equal: [] }]),
    '"oops"',
  );
});
