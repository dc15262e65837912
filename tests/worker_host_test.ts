import type { HostExit } from "../supervisor/hosts/host.ts";
import { WorkerHost } from "../supervisor/hosts/worker_host.ts";
import { assertEquals, assertStringIncludes } from "./assert.ts";
import { waitFor } from "./supervisor_harness.ts";

const quiet = new URL("./fixtures/workers/quiet.ts", import.meta.url);
const throws = new URL("./fixtures/workers/throws.ts", import.meta.url);

/** A worker host on `module` and the exits it reported. */
function watched(module: URL, name: string) {
  const host = new WorkerHost(module, name);
  const exits: HostExit[] = [];
  host.onExit((e) => exits.push(e));
  return { host, exits };
}

Deno.test("a worker host reports a worker that closed itself, and its kill says the thread is reclaimed", async () => {
  const { host, exits } = watched(quiet, "quiet");
  host.send("close");
  await waitFor(() => exits.length > 0, 10_000, "the exit reported");
  assertEquals(exits, [{ error: "the worker exited without a crash report" }]);
  assertEquals(await host.kill(), true);
});

Deno.test("a worker host does not claim the thread of a worker it had no word of ending reclaimed", async () => {
  const { host, exits } = watched(quiet, "quiet");
  assertEquals(await host.kill(), false);
  assertEquals(exits, [], "a kill is no exit of its own");
});

Deno.test("a worker host reports an uncaught error in its worker as the exit, and the process lives on", async () => {
  const { host, exits } = watched(throws, "throws");
  host.send("throw");
  await waitFor(() => exits.length > 0, 10_000, "the exit reported");
  assertEquals(exits.length, 1);
  assertStringIncludes(
    exits[0]!.error ?? "",
    "a deliberate uncaught error from worker_host_test, reported and survived",
  );
  // Unhandled, this error would have ended the test process with code 1.
  await new Promise((r) => setTimeout(r, 100));
  await host.kill();
});
