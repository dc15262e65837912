import { ruleSettingsSchema } from "../alerting/rules/config.ts";
import { SystemRules } from "../api/metrics/system_rules.ts";
import type { Alert } from "../messages/mod.ts";
import { readSystemStats } from "../monitor/system_stats.ts";
import type { Supervisor } from "../supervisor/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import {
  candleMessage,
  checkRelayStatus,
  collectAnalyses,
  firstArrivalsInOrder,
  fixtureSpec,
  startHarness,
  waitFor,
} from "./supervisor_harness.ts";

/**
 * The main thread's system rules over the supervisor's status alone: the
 * source of the `ActorFailed` and `ActorMemoryRecycled` alerts.
 */
function statusRules(supervisor: Supervisor): (now: number) => Promise<Alert[]> {
  const rules = new SystemRules({
    settings: ruleSettingsSchema.parse({}),
    heartbeatTimeoutMs: 1_500,
    read: () =>
      Promise.resolve({
        stats: readSystemStats(),
        eventLoopLagMs: null,
        actors: supervisor.status(),
        topics: null,
        slowQueryCount: 0,
        storageOk: null,
        redisOk: null,
        heap: [],
      }),
  });
  return (now) => rules.evaluate(now);
}

Deno.test("supervisor restarts an actor that crashes every 100th message and no message is lost", async () => {
  const h = await startHarness([fixtureSpec("relay.ts?crashEvery=100", { id: "relay" })], {
    intensity: 100,
    backoff: { initialMs: 20, maxMs: 100 },
  });
  const sink = await collectAnalyses(h.bus);
  try {
    for (let n = 0; n < 600; n++) {
      for (let s = 0; s < 5; s++) await h.bus.publish(candleMessage(s, n));
    }
    await waitFor(() => sink.ids.size === 3000, 30_000, "3000 distinct analyses");
    const status = h.supervisor.status()[0]!;
    assert(status.restarts >= 10, `expected many restarts, saw ${status.restarts}`);
    assertEquals(status.restartsByReason.crash, status.restarts);
    for (const [key, seqs] of sink.byKey) {
      assert(firstArrivalsInOrder(seqs), `order broken for ${key}`);
    }
    const stats = await h.bus.stats();
    assertEquals(stats.candle?.deadLettered, 0);
  } finally {
    await sink.sub.close();
    await h.close();
  }
});

Deno.test("a handler that fails once is retried in place and the pipeline keeps order", async () => {
  const h = await startHarness([fixtureSpec("relay.ts?failEvery=7", { id: "relay" })]);
  const sink = await collectAnalyses(h.bus);
  try {
    for (let n = 0; n < 200; n++) {
      for (let s = 0; s < 3; s++) await h.bus.publish(candleMessage(s, n));
    }
    await waitFor(() => sink.ids.size === 600, 20_000, "600 distinct analyses");
    assertEquals(sink.deliveries, 600);
    for (const seqs of sink.byKey.values()) assertEquals(seqs, [...seqs].sort((a, b) => a - b));
    assertEquals(h.supervisor.status()[0]!.restarts, 0);
  } finally {
    await sink.sub.close();
    await h.close();
  }
});

Deno.test("an actor's status counts the messages it handled and published, and its mailbox while it is behind", async () => {
  const h = await startHarness([fixtureSpec("relay.ts?slowMs=5", { id: "relay" })]);
  try {
    await checkRelayStatus(h.supervisor, h.bus, 200);
  } finally {
    await h.close();
  }
});

Deno.test("restart storm: backoff grows and the supervisor escalates at the intensity", async () => {
  const h = await startHarness([fixtureSpec("refuse.ts")], {
    intensity: 4,
    periodMs: 60_000,
    backoff: { initialMs: 40, maxMs: 5_000 },
    onEscalation: "exit",
    random: () => 1,
    startTimeoutMs: 5_000,
  });
  try {
    const code = await h.supervisor.done;
    assertEquals(code, 1);
    assertEquals(h.restarts.map((r) => r.delayMs), [40, 80, 160, 320]);
    // Each restart really waited its delay: the next crash comes no sooner.
    // (Start-up time on a loaded machine varies, so gaps are not compared.)
    const gaps = h.restarts.slice(1).map((r, i) => r.at - h.restarts[i]!.at);
    gaps.forEach((gap, i) => {
      const delay = h.restarts[i]!.delayMs;
      assert(
        gap >= delay,
        `restart ${i + 1} came ${gap} ms after its crash, before its ${delay} ms backoff`,
      );
    });
    const status = h.supervisor.status()[0]!;
    assertEquals(status.state, "failed");
    assertEquals(status.lastError, "cannot start: broken on purpose");
    const alerts = await statusRules(h.supervisor)(Date.now());
    assertEquals(
      alerts.filter((a) => a.labels.alertname === "ActorFailed").map((a) => [a.labels, a.state]),
      [[{ alertname: "ActorFailed", severity: "critical", actor: "refuse" }, "firing"]],
    );
  } finally {
    await h.close();
  }
});

Deno.test("in degrade mode, an actor past the intensity is failed and alerted on while its sibling keeps handling messages", async () => {
  const h = await startHarness([
    fixtureSpec("refuse.ts", { consumes: [] }),
    fixtureSpec("relay.ts", { id: "relay" }),
  ], {
    intensity: 2,
    periodMs: 60_000,
    backoff: { initialMs: 10, maxMs: 50 },
    onEscalation: "degrade",
    startTimeoutMs: 5_000,
    // The sibling's restart count is asserted: no hang restart from a stall
    // of the whole suite's load may count against it.
    heartbeatTimeoutMs: 15_000,
  });
  let gaveUp = false;
  h.supervisor.done.then(() => gaveUp = true);
  const sink = await collectAnalyses(h.bus);
  try {
    await waitFor(() => h.supervisor.status()[0]!.state === "failed", 20_000, "refuse failed");
    const alerts = await statusRules(h.supervisor)(Date.now());
    assertEquals(
      alerts.filter((a) => a.labels.alertname === "ActorFailed").map((a) => [a.labels, a.state]),
      [[{ alertname: "ActorFailed", severity: "critical", actor: "refuse" }, "firing"]],
    );
    for (let n = 0; n < 50; n++) await h.bus.publish(candleMessage(n % 5, n));
    await waitFor(() => sink.ids.size === 50, 20_000, "50 analyses from the sibling");
    const [refuse, relay] = h.supervisor.status();
    assertEquals([refuse!.state, refuse!.restarts], ["failed", 2]);
    assertEquals([relay!.state, relay!.restarts], ["running", 0]);
    assertEquals(gaveUp, false, "the supervisor gave up in degrade mode");
  } finally {
    await sink.sub.close();
    await h.close();
  }
});

Deno.test("memory watchdog restarts an actor whose heap exceeds its limit and the rules alert", async () => {
  // A long heartbeat timeout: under the whole suite the leak's collections
  // of its growing heap outlasted the harness's 1.5 s, and hang restarts
  // kept every incarnation under the limit.
  const h = await startHarness([fixtureSpec("leak.ts", { maxHeapBytes: 48e6 })], {
    heartbeatTimeoutMs: 15_000,
  });
  const evaluate = statusRules(h.supervisor);
  try {
    // The rules count recycles from here on.
    const before = await evaluate(Date.now());
    assertEquals(before.filter((a) => a.labels.alertname === "ActorMemoryRecycled"), []);
    for (let n = 0; n < 200; n++) await h.bus.publish(candleMessage(0, n));
    await waitFor(
      () => (h.supervisor.status()[0]!.restartsByReason.memory ?? 0) >= 1,
      20_000,
      "a memory restart",
    );
    const alerts = await evaluate(Date.now());
    const recycled = alerts.find((a) => a.labels.alertname === "ActorMemoryRecycled");
    assertEquals(recycled?.labels, {
      alertname: "ActorMemoryRecycled",
      severity: "warning",
      actor: "leak",
    });
    assertEquals(recycled?.state, "firing");
    await waitFor(
      () => h.supervisor.status()[0]!.state === "running",
      10_000,
      "leak running again",
    );
  } finally {
    await h.close();
  }
});

Deno.test("graceful shutdown drains in-flight messages before the actors stop", async () => {
  const h = await startHarness([fixtureSpec("relay.ts", { id: "relay" })]);
  const sink = await collectAnalyses(h.bus);
  for (let n = 0; n < 2000; n++) await h.bus.publish(candleMessage(n % 4, n));
  await h.bus.flushed();
  await h.supervisor.stop();
  await waitFor(() => sink.ids.size === 2000, 5_000, "every analysis after shutdown");
  assertEquals(h.supervisor.status()[0]!.state, "stopped");
  await sink.sub.close();
  await h.bus.close();
});

Deno.test("a crash is charged to the message in hand, so a poison message is dead-lettered and the one before it is not redelivered", async () => {
  const h = await startHarness([fixtureSpec("relay.ts?crashOn=2", { id: "relay" })], {
    backoff: { initialMs: 10, maxMs: 50 },
  });
  const sink = await collectAnalyses(h.bus);
  try {
    // The probe's ack is still batched in the worker when the poison arrives right behind it.
    await h.bus.publish(candleMessage(0, 1));
    await h.bus.publish(candleMessage(0, 2));
    await h.bus.publish(candleMessage(0, 3));
    await waitFor(() => sink.ids.size === 2, 20_000, "the probe and the candle after the poison");
    const dead = await h.bus.deadLetters();
    assertEquals(dead.length, 1);
    assertEquals(dead[0]!.attempts, 5);
    assertEquals((dead[0]!.message as { id: string }).id, "c:0:2");
    assertEquals(sink.deliveries, 2, "the probe was redelivered after a crash it did not cause");
    assertEquals(h.supervisor.status()[0]!.restartsByReason.crash, 5);
  } finally {
    await sink.sub.close();
    await h.close();
  }
});

Deno.test("rest_for_one restarts the children started after a crashed one, and only those", async () => {
  const h = await startHarness([
    fixtureSpec("relay.ts", { id: "before" }),
    fixtureSpec("relay.ts?crashOn=1", { id: "crashing" }),
    fixtureSpec("relay.ts", { id: "after" }),
  ], { strategy: "rest_for_one", backoff: { initialMs: 10, maxMs: 50 } });
  try {
    await h.bus.publish(candleMessage(0, 1));
    await waitFor(
      () => (h.supervisor.status()[1]!.restartsByReason.crash ?? 0) >= 1,
      20_000,
      "a crash",
    );
    await waitFor(
      () => h.supervisor.status().every((s) => s.state === "running"),
      20_000,
      "all running",
    );
    const [before, crashing, after] = h.supervisor.status();
    assertEquals(before!.restarts, 0);
    assert(crashing!.restarts >= 1);
    assertEquals(after!.restartsByReason.sibling, crashing!.restartsByReason.crash);
  } finally {
    await h.close();
  }
});
