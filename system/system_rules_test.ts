import { getLogger } from "@logtape/logtape";
import type { Alert } from "../alerting/model.ts";
import { assert, assertEquals } from "../tests/assert.ts";
import { captureLogs } from "../tests/log_capture.ts";
import { RuleLoop } from "./system_rules.ts";

const log = getLogger(["ct", "test", "rule-loop"]);

function alert(alertname: string, state: Alert["state"] = "firing"): Alert {
  return { labels: { alertname }, annotations: {}, state, startsAt: 0 };
}

async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("rule loop evaluates soon after start, then every interval, publishing each alert", async () => {
  const evaluatedAt: number[] = [];
  const published: string[] = [];
  const loop = new RuleLoop({
    evaluate: (now) => {
      evaluatedAt.push(now);
      return Promise.resolve([alert(`A${evaluatedAt.length}`), alert(`B${evaluatedAt.length}`)]);
    },
    publish: (a) => {
      published.push(a.labels.alertname!);
      return Promise.resolve();
    },
    intervalMs: 100,
    firstDelayMs: 5,
    logger: log,
  });
  const started = Date.now();
  loop.start();
  await until(() => loop.cycles >= 3, 3_000, "three cycles");
  assert(evaluatedAt[0]! - started < 80, "the first cycle does not wait a whole interval");
  await loop.stop();
  const n = evaluatedAt.length;
  assertEquals(loop.cycles, n);
  // Each cycle's alerts, in order; the last one is stop()'s.
  assertEquals(published, evaluatedAt.flatMap((_, i) => [`A${i + 1}`, `B${i + 1}`]));
  const gaps = evaluatedAt.slice(1, -1).map((t, i) => t - evaluatedAt[i]!);
  assert(gaps.every((g) => g >= 90), `cycles ${gaps} ms apart, interval 100 ms`);
  await new Promise((r) => setTimeout(r, 100));
  assertEquals(evaluatedAt.length, n, "no cycle after stop()");
});

Deno.test("rule loop logs a failed evaluation or publish and carries on", async () => {
  const logs = await captureLogs(["ct", "test", "rule-loop"]);
  const records = logs.records;
  let calls = 0;
  const published: string[] = [];
  const loop = new RuleLoop({
    evaluate: () => {
      calls++;
      if (calls === 1) return Promise.reject(new Error("bus stats exploded"));
      return Promise.resolve([alert("Refused"), alert("Accepted")]);
    },
    publish: (a) => {
      if (a.labels.alertname === "Refused") return Promise.reject(new Error("bus closed"));
      published.push(a.labels.alertname!);
      return Promise.resolve();
    },
    intervalMs: 10,
    firstDelayMs: 0,
    logger: log,
  });
  try {
    loop.start();
    await until(() => loop.cycles >= 3, 2_000, "three cycles");
    await loop.stop();
  } finally {
    await logs[Symbol.asyncDispose]();
  }
  assert(published.length >= 2 && published.every((n) => n === "Accepted"), `${published}`);
  const messages = records.map((r) => r.message.map(String).join(""));
  assert(messages.includes("rule evaluation failed: bus stats exploded"), `${messages}`);
  assert(messages.includes("Refused (firing) not published: bus closed"), `${messages}`);
});

Deno.test("rule loop's stop waits for the cycle in progress, then runs a last one", async () => {
  const order: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  let calls = 0;
  const loop = new RuleLoop({
    evaluate: async () => {
      const n = ++calls;
      order.push(`start ${n}`);
      if (n === 1) await gate;
      order.push(`end ${n}`);
      return [];
    },
    publish: () => Promise.resolve(),
    intervalMs: 60_000,
    firstDelayMs: 0,
    logger: log,
  });
  loop.start();
  await until(() => calls === 1, 1_000, "the first cycle to start");
  const stopped = loop.stop();
  release();
  await stopped;
  assertEquals(order, ["start 1", "end 1", "start 2", "end 2"]);
});

Deno.test("a rule loop never started runs no cycle on stop", async () => {
  let calls = 0;
  const loop = new RuleLoop({
    evaluate: () => {
      calls++;
      return Promise.resolve([]);
    },
    publish: () => Promise.resolve(),
    intervalMs: 1_000,
    logger: log,
  });
  await loop.stop();
  loop.start();
  await new Promise((r) => setTimeout(r, 20));
  assertEquals(calls, 0);
});

Deno.test("rule loop refuses a non-positive interval, naming it", () => {
  let message = "";
  try {
    new RuleLoop({
      evaluate: () => Promise.resolve([]),
      publish: () => Promise.resolve(),
      intervalMs: 0,
      logger: log,
    });
  } catch (e) {
    message = (e as Error).message;
  }
  assertEquals(message, "RuleLoop: intervalMs must be > 0, received 0");
});
