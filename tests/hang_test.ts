import { assert, assertEquals } from "./assert.ts";
import {
  candleMessage,
  collectAnalyses,
  fixtureSpec,
  startHarness,
  waitFor,
} from "./supervisor_harness.ts";

interface Report {
  detectedMs: number;
  cpuIn2s: number;
  /** Share of the 2 s window the busiest thread was running or waiting to run. */
  busiestRunnable: number;
  childrenBefore: number[];
  stillAlive: number[];
  status: { state: string; leakedThreads: number };
  alerts: { alertname: string }[];
}

/** Runs the hang scenario in its own process, so CPU measurements are its own. */
async function hangScenario(
  isolation: "worker" | "process",
  onLeakedThread: "report" | "exit" = "report",
): Promise<Report> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./fixtures/hang_scenario.ts", import.meta.url).pathname,
      isolation,
      onLeakedThread,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assertEquals(out.code, 0);
  return JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
}

// Heartbeat timeout 1.5 s, checked every 200 ms, in the harness.
const DETECTION_BOUND_MS = 1_500 + 200 + 1_000;

Deno.test("a hung process-isolated actor is detected by heartbeat, killed, replaced, and its CPU reclaimed", async () => {
  const r = await hangScenario("process");
  assert(r.detectedMs < DETECTION_BOUND_MS, `detected after ${r.detectedMs} ms`);
  assertEquals(r.status.state, "running");
  assert(r.childrenBefore.length > 0, "the actor's child process was not found");
  assertEquals(r.stillAlive, [], "the hung child process is still alive");
  assert(r.cpuIn2s < 0.5, `the process tree burned ${r.cpuIn2s} CPU seconds in 2 s after the hang`);
  assert(
    r.busiestRunnable < 0.5,
    `a thread was runnable ${r.busiestRunnable} of the time: still spinning`,
  );
  assertEquals(r.status.leakedThreads, 0);
});

Deno.test("a hung worker is detected and replaced, and its unstoppable thread is reported", async () => {
  const r = await hangScenario("worker");
  assert(r.detectedMs < DETECTION_BOUND_MS, `detected after ${r.detectedMs} ms`);
  assertEquals(r.status.state, "running");
  assertEquals(r.status.leakedThreads, 1);
  assert(r.alerts.some((a) => a.alertname === "ActorThreadLeaked"), "no ActorThreadLeaked alert");
  // Why process isolation exists: the terminated worker still spins. Runnable
  // time (running or queued) does not depend on what else shares the cores.
  assert(
    r.busiestRunnable > 0.9,
    `expected a spinning thread, runnable ${r.busiestRunnable} of 2 s`,
  );
  assert(r.cpuIn2s > 1, `expected a spinning thread, measured ${r.cpuIn2s} CPU s in 2 s`);
});

Deno.test("with onLeakedThread exit, a hung worker's leaked thread stops the system with a non-zero code", async () => {
  const r = await hangScenario("worker", "exit") as unknown as {
    detectedMs: number;
    code: number | string;
    status: Report["status"];
    alerts: Report["alerts"];
  };
  assertEquals(r.code, 1, "the supervisor's done code, which main.ts exits with");
  assert(r.detectedMs < DETECTION_BOUND_MS + 1_000, `gave up after ${r.detectedMs} ms`);
  assertEquals([r.status.state, r.status.leakedThreads], ["failed", 1]);
  assert(r.alerts.some((a) => a.alertname === "ActorThreadLeaked"), "no ActorThreadLeaked alert");
});

Deno.test("a worker that closes itself is reported as a crash and replaced, not taken for a hang with a leaked thread", async () => {
  // With onLeakedThread exit, a thread wrongly counted leaked would stop the system.
  const h = await startHarness([fixtureSpec("ending.ts?end=close", { id: "closer" })], {
    onLeakedThread: "exit",
    backoff: { initialMs: 10, maxMs: 50 },
  });
  let gaveUp = false;
  h.supervisor.done.then(() => gaveUp = true);
  const sink = await collectAnalyses(h.bus);
  try {
    await h.bus.publish(candleMessage(0, 1));
    // The new incarnation relays the candle the closed one held.
    await waitFor(
      () => sink.ids.has("closer:c:0:1") || gaveUp,
      20_000,
      "the candle relayed after the exit",
    );
    assertEquals(gaveUp, false, "the supervisor stopped the system for a thread that had exited");
    const status = h.supervisor.status()[0]!;
    assertEquals(status.restartsByReason, { crash: 1 });
    assertEquals(status.lastError, "the worker exited without a crash report");
    assertEquals([status.state, status.leakedThreads], ["running", 0]);
    assertEquals(h.alerts, []);
  } finally {
    await sink.sub.close();
    await h.close();
  }
});

Deno.test("an actor that exits while it is stopped for an operator's restart is started once, not also restarted for a crash", async () => {
  const h = await startHarness([fixtureSpec("ending.ts?stop=close", { id: "quitter" })]);
  try {
    await h.supervisor.restart("quitter");
    const status = h.supervisor.status()[0]!;
    assertEquals([status.state, status.restartsByReason], ["running", { manual: 1 }]);
    assertEquals(h.restarts, [], "a restart was scheduled besides the operator's");
  } finally {
    await h.close();
  }
});
