import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import type { Alert } from "../model.ts";
import { RuleEvaluator } from "./evaluator.ts";
import type { Rule } from "./types.ts";

interface In {
  /** Per-actor values; an actor above 90 is an instance. */
  cpu: Record<string, number>;
}

const SEC = 1_000;

function cpuRule(overrides: Partial<Rule<In>> = {}): Rule<In> {
  return {
    name: "HighCpu",
    severity: "warning",
    forMs: 60 * SEC,
    summary: "{{ $labels.actor }} at {{ $value }}%",
    evaluate: (i) =>
      Object.entries(i.cpu).filter(([, v]) => v > 90).map(([actor, value]) => ({
        labels: { actor },
        value,
      })),
    ...overrides,
  };
}

const brief = (alerts: Alert[]) => alerts.map((a) => [a.state, a.startsAt, a.endsAt]);

Deno.test("a true instance is pending first and fires once it stayed true for `for`", () => {
  const ev = new RuleEvaluator([cpuRule()]);
  assertEquals(brief(ev.evaluate({ cpu: { a: 95 } }, 0)), [["pending", 0, undefined]]);
  assertEquals(ev.evaluate({ cpu: { a: 95 } }, 59 * SEC), []);
  const fired = ev.evaluate({ cpu: { a: 95 } }, 60 * SEC);
  assertEquals(brief(fired), [["firing", 60 * SEC, undefined]]);
  assertEquals(fired[0]!.labels, { alertname: "HighCpu", severity: "warning", actor: "a" });
  assertEquals(fired[0]!.annotations, { summary: "a at 95%" });
  assertEquals(ev.evaluate({ cpu: { a: 95 } }, 75 * SEC), []);
  assertEquals(brief(ev.active()), [["firing", 60 * SEC, undefined]]);
});

Deno.test("a firing alert resolves when its condition clears", () => {
  const ev = new RuleEvaluator([cpuRule({ forMs: 0 })]);
  ev.evaluate({ cpu: { a: 95 } }, 0);
  const resolved = ev.evaluate({ cpu: { a: 50 } }, 30 * SEC);
  assertEquals(brief(resolved), [["resolved", 0, 30 * SEC]]);
  assertEquals(resolved[0]!.labels.actor, "a");
  assertEquals(ev.active(), []);
  assertEquals(ev.evaluate({ cpu: { a: 50 } }, 45 * SEC), []);
});

Deno.test("a pending alert whose condition clears is dropped without a word", () => {
  const ev = new RuleEvaluator([cpuRule()]);
  ev.evaluate({ cpu: { a: 95 } }, 0);
  assertEquals(ev.evaluate({ cpu: {} }, 30 * SEC), []);
  assertEquals(ev.active(), []);
  // Coming back starts the `for` over.
  assertEquals(brief(ev.evaluate({ cpu: { a: 95 } }, 45 * SEC)), [[
    "pending",
    45 * SEC,
    undefined,
  ]]);
  assertEquals(ev.evaluate({ cpu: { a: 95 } }, 90 * SEC), []);
  assertEquals(brief(ev.evaluate({ cpu: { a: 95 } }, 105 * SEC)), [[
    "firing",
    105 * SEC,
    undefined,
  ]]);
});

Deno.test("a rule with for 0 fires at once, without a pending step", () => {
  const ev = new RuleEvaluator([cpuRule({ forMs: 0 })]);
  assertEquals(brief(ev.evaluate({ cpu: { a: 95 } }, 5)), [["firing", 5, undefined]]);
});

Deno.test("instances are tracked apart by their labels", () => {
  const ev = new RuleEvaluator([cpuRule({ forMs: 0 })]);
  assertEquals(ev.evaluate({ cpu: { a: 95, b: 99 } }, 0).length, 2);
  const out = ev.evaluate({ cpu: { b: 99, c: 91 } }, 10);
  assertEquals(out.map((a) => [a.labels.actor, a.state]), [["c", "firing"], ["a", "resolved"]]);
});

Deno.test("a firing alert whose annotations change is published again; a pending one is not", () => {
  const ev = new RuleEvaluator([cpuRule()]);
  ev.evaluate({ cpu: { a: 95 } }, 0);
  assertEquals(ev.evaluate({ cpu: { a: 96 } }, 10 * SEC), []);
  assertEquals(ev.evaluate({ cpu: { a: 96 } }, 60 * SEC)[0]!.annotations.summary, "a at 96%");
  const changed = ev.evaluate({ cpu: { a: 97.5 } }, 75 * SEC);
  assertEquals(brief(changed), [["firing", 60 * SEC, undefined]]);
  assertEquals(changed[0]!.annotations.summary, "a at 97.5%");
});

Deno.test("firing alerts are due for a resend once `everyMs` passed since they were last published", () => {
  const ev = new RuleEvaluator([cpuRule({ forMs: 0 }), cpuRule({ name: "Slow", forMs: 60 * SEC })]);
  ev.evaluate({ cpu: { a: 95 } }, 0);
  assertEquals(ev.resendDue(59 * SEC, 60 * SEC), []);
  const due = ev.resendDue(60 * SEC, 60 * SEC);
  // Only the firing one; the pending "Slow" is never resent.
  assertEquals(due.map((a) => [a.labels.alertname, a.state, a.startsAt]), [[
    "HighCpu",
    "firing",
    0,
  ]]);
  assertEquals(ev.resendDue(61 * SEC, 60 * SEC), []);
  assertEquals(ev.resendDue(120 * SEC, 60 * SEC).length, 1);
});

Deno.test("a disabled rule is not evaluated", () => {
  let calls = 0;
  const ev = new RuleEvaluator([
    cpuRule({ forMs: 0 }),
    cpuRule({ name: "Other", evaluate: () => (calls++, [{ labels: {}, value: 1 }]) }),
  ], { disabled: ["Other"] });
  assertEquals(ev.evaluate({ cpu: { a: 95 } }, 0).map((a) => a.labels.alertname), ["HighCpu"]);
  assertEquals(calls, 0);
  assertEquals(ev.rules.map((r) => r.name), ["HighCpu"]);
});

Deno.test("summary, description and runbook templates are filled from labels and value", () => {
  const ev = new RuleEvaluator([cpuRule({
    forMs: 0,
    description: "{{$labels.actor}} / {{ $labels.missing }} / {{ $value }}",
    runbook: "see {{ $labels.alertname }}",
  })]);
  const [a] = ev.evaluate({ cpu: { x: 93.3333 } }, 0);
  assertEquals(a!.annotations, {
    summary: "x at 93.33%",
    description: "x /  / 93.33",
    runbook: "see HighCpu",
  });
});

Deno.test("instance annotations fill the keys the rule's templates leave out", () => {
  const ev = new RuleEvaluator<In>([cpuRule({
    forMs: 0,
    evaluate: () => [{ labels: {}, value: 1, annotations: { summary: "mine", price: "10" } }],
  })]);
  assertEquals(ev.evaluate({ cpu: {} }, 0)[0]!.annotations, { summary: " at 1%", price: "10" });
});

Deno.test("an instance cannot override the rule's alertname or severity", () => {
  const ev = new RuleEvaluator<In>([cpuRule({
    forMs: 0,
    labels: { team: "ops" },
    evaluate: () => [{ labels: { alertname: "X", severity: "info", actor: "a" }, value: 1 }],
  })]);
  assertEquals(ev.evaluate({ cpu: {} }, 0)[0]!.labels, {
    alertname: "HighCpu",
    severity: "warning",
    actor: "a",
    team: "ops",
  });
});

Deno.test("a rule that throws keeps its alerts as they were and counts the failure", () => {
  let broken = false;
  const ev = new RuleEvaluator<In>([cpuRule({
    forMs: 0,
    evaluate: (i) => {
      if (broken) throw new Error("inputs unreadable");
      return Object.keys(i.cpu).map((actor) => ({ labels: { actor }, value: 1 }));
    },
  })]);
  ev.evaluate({ cpu: { a: 1 } }, 0);
  broken = true;
  assertEquals(ev.evaluate({ cpu: {} }, 10), []);
  assertEquals(ev.active().length, 1);
  const [state] = ev.ruleStates();
  assertEquals([state!.errors, state!.lastError], [1, "inputs unreadable"]);
});

Deno.test("keepFiringFor holds a firing alert after its condition cleared, then resolves it", () => {
  const ev = new RuleEvaluator([cpuRule({ forMs: 0, keepFiringForMs: 30 * SEC })]);
  ev.evaluate({ cpu: { a: 95 } }, 0);
  assertEquals(ev.evaluate({ cpu: {} }, 15 * SEC), []);
  assertEquals(ev.evaluate({ cpu: {} }, 29 * SEC), []);
  assertEquals(brief(ev.evaluate({ cpu: {} }, 30 * SEC)), [["resolved", 0, 30 * SEC]]);
});

Deno.test("restored alerts keep their start, resolve when no longer true, and are not re-announced", () => {
  const ev = new RuleEvaluator([cpuRule()]);
  const labels = { alertname: "HighCpu", severity: "warning" };
  ev.restore([
    {
      labels: { ...labels, actor: "a" },
      annotations: { summary: "a at 95%" },
      state: "firing",
      startsAt: 7,
    },
    { labels: { ...labels, actor: "b" }, annotations: {}, state: "firing", startsAt: 8 },
    { labels: { alertname: "NotOurs" }, annotations: {}, state: "firing", startsAt: 9 },
  ], 100 * SEC);
  const out = ev.evaluate({ cpu: { a: 95 } }, 115 * SEC);
  assertEquals(out.map((a) => [a.labels.actor, a.state, a.startsAt, a.endsAt]), [
    ["b", "resolved", 8, 115 * SEC],
  ]);
  assertEquals(brief(ev.active()), [["firing", 7, undefined]]);
});

Deno.test("resolveTimeoutMs puts an expiry on firing alerts, and generatorUrl links the rule", () => {
  const ev = new RuleEvaluator([cpuRule({ forMs: 0 })], {
    resolveTimeoutMs: 240 * SEC,
    generatorUrl: (rule) => `http://ct/rules#${rule}`,
  });
  const [a] = ev.evaluate({ cpu: { a: 95 } }, 10);
  assertEquals([a!.endsAt, a!.generatorUrl], [10 + 240 * SEC, "http://ct/rules#HighCpu"]);
  assertEquals(ev.resendDue(60 * SEC + 10, 60 * SEC)[0]!.endsAt, 300 * SEC + 10);
});

Deno.test("rule names must be unique and for must be >= 0", () => {
  assertThrows(() => new RuleEvaluator([cpuRule(), cpuRule()]), '"HighCpu" twice');
  assertThrows(() => new RuleEvaluator([cpuRule({ forMs: -1 })]), "received -1");
});

Deno.test("rule states list each instance with its value and state", () => {
  const ev = new RuleEvaluator([cpuRule()]);
  ev.evaluate({ cpu: { a: 95 } }, 0);
  const [s] = ev.ruleStates();
  assert(s);
  assertEquals(s.instances, [{
    labels: { alertname: "HighCpu", severity: "warning", actor: "a" },
    value: 95,
    state: "pending",
    activeAt: 0,
  }]);
});
