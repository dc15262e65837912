import { getLogger } from "@logtape/logtape";
import { assert, assertEquals } from "./assert.ts";
import { captureLogs } from "./log_capture.ts";
import {
  candleMessage,
  collectAnalyses,
  fixtureSpec,
  startHarness,
  waitFor,
} from "./supervisor_harness.ts";

Deno.test("actors start one after another in order and stop one after another in reverse order", async () => {
  const file = await Deno.makeTempFile({ suffix: ".journal" });
  const journal = (id: string) =>
    fixtureSpec(`journal.ts?file=${encodeURIComponent(file)}`, { id, consumes: [] });
  try {
    const h = await startHarness([journal("first"), journal("second"), journal("third")]);
    await h.close();
    const lines = (await Deno.readTextFile(file)).trim().split("\n");
    assertEquals(lines, [
      "starting first",
      "started first",
      "starting second",
      "started second",
      "starting third",
      "started third",
      "stopping third",
      "stopped third",
      "stopping second",
      "stopped second",
      "stopping first",
      "stopped first",
    ]);
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("the supervisor logs a status line at its interval with each actor's state, restarts, heartbeat age, mailbox, messages in and out, and heap", async () => {
  await using logs = await captureLogs(["ct", "test", "status"], "info");
  const statusLines = () =>
    logs.records.filter((r) => r.rawMessage === "status {line}").map((r) =>
      String(r.properties.line)
    );
  const h = await startHarness([
    fixtureSpec("ending.ts?end=crash", { id: "crashing" }),
    fixtureSpec("ending.ts", { id: "steady" }),
  ], {
    statusIntervalMs: 100,
    backoff: { initialMs: 10, maxMs: 50 },
    log: getLogger(["ct", "test", "status"]),
  });
  const sink = await collectAnalyses(h.bus);
  try {
    for (let n = 1; n <= 10; n++) await h.bus.publish(candleMessage(0, n));
    await waitFor(() => sink.ids.size === 20, 20_000, "every candle relayed by both actors");
    // Counters come with heartbeats: wait for a line that has them all.
    const actor = (id: string, restarts: number) =>
      `${id}=running r${restarts} hb\\d+\\.\\ds in(\\d+) out(\\d+) mb(\\d+) heap(\\d+)MB`;
    const pattern = new RegExp(`^${actor("crashing", 1)} ${actor("steady", 0)}$`);
    const complete = (line: string) => {
      const m = line.match(pattern)?.slice(1).map(Number);
      if (m === undefined) return false;
      // Per actor: in, out, mailbox, heap. The crashing actor's second
      // incarnation handled every candle, its first one among them again.
      const [inC, outC, mbC, heapC, inS, outS, mbS, heapS] = m as number[];
      return inC! >= 10 && outC! >= 10 && mbC === 0 && heapC! > 0 &&
        inS! >= 10 && outS! >= 10 && mbS === 0 && heapS! > 0;
    };
    await waitFor(() => statusLines().some(complete), 10_000, "a status line with every count")
      .catch((e) => {
        throw new Error(`${e.message}; the last lines: ${JSON.stringify(statusLines().slice(-3))}`);
      });
    const lines = statusLines();
    assert(lines.length >= 2, `one status line per interval, saw ${lines.length}`);
  } finally {
    await sink.sub.close();
    await h.close();
  }
});

Deno.test("a frame from an actor that is no heartbeat or has an unknown tag is logged, counted and dropped, and the actor keeps running", async () => {
  await using logs = await captureLogs(["ct", "test", "frames"], "warning");
  const warnings = logs.records;
  const h = await startHarness([fixtureSpec("bad_frame.ts", { id: "bad", consumes: [] })], {
    log: getLogger(["ct", "test", "frames"]),
  });
  try {
    await waitFor(() => warnings.length >= 2, 10_000, "the invalid frames' warnings");
    assertEquals(warnings[0]!.rawMessage, "{actor} sent an invalid frame, dropped: {error}");
    assertEquals(warnings[0]!.properties.actor, "bad");
    assert(String(warnings[0]!.properties.error).includes("type"), "the reason names the field");
    assertEquals(
      warnings[1]!.properties.error,
      'expected a frame tag, received "gossip"',
    );
    assertEquals(h.supervisor.status()[0]!.state, "running");
    assertEquals(h.supervisor.status()[0]!.invalidFrames, 2, "each one counted");
  } finally {
    await h.close();
  }
});
