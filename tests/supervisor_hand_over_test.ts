/**
 * Messages past the bus, over a worker's port or a child process's stdio
 * alike: `Supervisor.handOver` passes one straight to the running actors
 * that consume its topic, and an actor's alert its bus does not take goes
 * up to the supervisor's `relayAlert`.
 */
import { assert, assertEquals } from "./assert.ts";
import { captureLogs } from "./log_capture.ts";
import { candleBatchOf, createMessage, type MessageOf } from "../messages/mod.ts";
import {
  candleMessage,
  collectAnalyses,
  fixtureSpec,
  startHarness,
  waitFor,
} from "./supervisor_harness.ts";

Deno.test("the supervisor hands a message past the bus to each running actor of its topic, in a worker or a process", async () => {
  const journal = await Deno.makeTempFile({ suffix: ".journal" });
  const h = await startHarness([
    fixtureSpec("relay.ts", { id: "relay-worker" }),
    fixtureSpec("relay.ts", { id: "relay-process", isolation: "process" }),
    fixtureSpec(`journal.ts?file=${encodeURIComponent(journal)}`, { id: "journal", consumes: [] }),
  ]);
  const sink = await collectAnalyses(h.bus);
  try {
    const candle = candleMessage(0, 1);
    assertEquals(h.supervisor.handOver(candle).sort(), ["relay-process", "relay-worker"]);
    await waitFor(() => sink.ids.size === 2, 10_000, "an analysis from each relay");
    assertEquals([...sink.ids].sort(), [
      `handover:relay-process:${candle.id}`,
      `handover:relay-worker:${candle.id}`,
    ]);

    const now = Date.now();
    const alert = createMessage("alert", {
      labels: { alertname: "NobodyListens" },
      annotations: {},
      state: "firing",
      startsAt: now,
    }, { source: "test", key: "alert:NobodyListens", now });
    assertEquals(h.supervisor.handOver(alert), [], "no actor here consumes alerts");
  } finally {
    await sink.sub.close();
    await h.close();
    await Deno.remove(journal);
  }
});

Deno.test("an actor that refuses a handed-over message keeps running and takes the next one", async () => {
  const h = await startHarness([fixtureSpec("relay.ts", { id: "relay" })]);
  const sink = await collectAnalyses(h.bus);
  try {
    const first = candleMessage(0, 1);
    assert(first.type === "candle");
    // A candle batch travels on the candle topic, but the relay takes single candles only.
    const batch = createMessage("candle_batch", candleBatchOf([first.payload]), {
      source: "test",
      key: first.key,
      now: Date.now(),
    });
    assertEquals(h.supervisor.handOver(batch), ["relay"]);
    const second = candleMessage(0, 2);
    h.supervisor.handOver(second);
    await waitFor(() => sink.ids.size === 1, 10_000, "the relay's analysis of the next candle");
    assertEquals([...sink.ids], [`handover:relay:${second.id}`]);
    assertEquals(h.supervisor.status()[0]!.restarts, 0);
  } finally {
    await sink.sub.close();
    await h.close();
  }
});

Deno.test("an alert an actor's bus does not take goes to the supervisor's relay, from a worker or a process", async () => {
  const relayed: MessageOf<"alert">[] = [];
  const h = await startHarness([
    fixtureSpec("busless_alert.ts", { id: "busless-worker", consumes: [] }),
    fixtureSpec("busless_alert.ts", { id: "busless-process", consumes: [], isolation: "process" }),
  ], { relayAlert: (m) => relayed.push(m) });
  try {
    await waitFor(() => relayed.length === 2, 10_000, "an alert from each actor");
    assertEquals(
      relayed.map((m) => [m.payload.labels.actor, m.payload.labels.alertname, m.payload.state])
        .sort(),
      [["busless-process", "BusGone", "firing"], ["busless-worker", "BusGone", "firing"]],
    );
    assertEquals(h.supervisor.status().map((s) => s.invalidFrames), [0, 0]);
  } finally {
    await h.close();
  }
});

Deno.test("with nothing to relay it, an actor's alert its bus does not take is dropped with a warning", async () => {
  await using logs = await captureLogs(["ct", "test", "supervisor"]);
  const h = await startHarness([
    fixtureSpec("busless_alert.ts", { id: "busless", consumes: [] }),
  ]);
  try {
    const line = "busless could not publish BusGone, and nothing relays it: dropped";
    await waitFor(
      () => logs.records.some((r) => r.message.join("") === line),
      10_000,
      "the warning",
    );
  } finally {
    await h.close();
  }
});
