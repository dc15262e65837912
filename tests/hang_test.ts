import { assert, assertEquals } from "./assert.ts";
import { childPids, processAlive, processCpuSeconds } from "./cpu.ts";
import { candleMessage, fixtureSpec, startHarness, waitFor } from "./supervisor_harness.ts";

Deno.test("a hung process-isolated actor is detected by heartbeat, killed, replaced, and its CPU reclaimed", async () => {
  const h = await startHarness([fixtureSpec("hang.ts", { isolation: "process" })]);
  try {
    const hungAt = Date.now();
    const before = h.supervisor.status()[0]!;
    assertEquals(before.state, "running");
    // The child's pid, to prove it is gone afterwards.
    const pids = await childPids(Deno.pid);
    assert(pids.length > 0, "the actor's child process was not found");
    await h.bus.publish(candleMessage(0, 1));
    await waitFor(
      () => (h.supervisor.status()[0]!.restartsByReason.hang ?? 0) >= 1,
      10_000,
      "hang detection",
    );
    const detectedMs = Date.now() - hungAt;
    assert(detectedMs < 1_500 + 200 + 1_000, `detected after ${detectedMs} ms`);
    await waitFor(() => h.supervisor.status()[0]!.state === "running", 10_000, "the replacement");
    for (const pid of pids) {
      assertEquals(await processAlive(pid), false, `hung child ${pid} still alive`);
    }
    const cpu0 = await processCpuSeconds(Deno.pid);
    await new Promise((r) => setTimeout(r, 2_000));
    const burned = (await processCpuSeconds(Deno.pid)) - cpu0;
    assert(burned < 0.5, `the process burned ${burned} CPU seconds in 2 s after the hang`);
    assertEquals(h.supervisor.status()[0]!.leakedThreads, 0);
  } finally {
    await h.close();
  }
});

Deno.test("a hung worker is detected and replaced, and its unstoppable thread is reported", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./fixtures/hang_in_worker.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assertEquals(out.code, 0);
  const report = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
  assert(report.detectedMs < 2_700, `detected after ${report.detectedMs} ms`);
  assertEquals(report.status.state, "running");
  assertEquals(report.status.leakedThreads, 1);
  assert(
    report.alerts.some((a: { alertname: string }) => a.alertname === "ActorThreadLeaked"),
    "no ActorThreadLeaked alert",
  );
  // Why process isolation exists: the terminated worker still spins.
  assert(report.cpuPerSecond > 0.5, `expected a spinning thread, measured ${report.cpuPerSecond}`);
});
