import { getLogger } from "@logtape/logtape";
import { assertEquals } from "../tests/assert.ts";
import { FORCED_EXIT_CODE, shutdownSignals, stopWithin } from "./shutdown.ts";

function signals() {
  let handler: (() => void) | undefined;
  let t = 0;
  const exits: number[] = [];
  const resolved: number[] = [];
  const requested = shutdownSignals({
    log: getLogger(["ct", "test", "shutdown"]),
    listen: (h) => handler = h,
    exit: (code) => exits.push(code),
    now: () => t,
  });
  requested.then((code) => resolved.push(code));
  return {
    exits,
    resolved,
    signal: async (at: number) => {
      t = at;
      handler!();
      await Promise.resolve();
    },
  };
}

Deno.test("the first signal asks for a graceful stop with code 0", async () => {
  const s = signals();
  await s.signal(0);
  assertEquals([s.resolved, s.exits], [[0], []]);
});

Deno.test("a repeat within a second is the same Ctrl-C twice and is ignored", async () => {
  const s = signals();
  await s.signal(0);
  await s.signal(999);
  assertEquals(s.exits, []);
});

Deno.test("a second signal after a second forces exit with code 130", async () => {
  const s = signals();
  await s.signal(0);
  await s.signal(500);
  await s.signal(1_000);
  assertEquals([s.resolved, s.exits], [[0], [FORCED_EXIT_CODE]]);
});

Deno.test("a stop that finishes within its bound reports true", async () => {
  assertEquals(await stopWithin(() => new Promise((r) => setTimeout(r, 5)), 5_000), true);
});

Deno.test("a stop that overruns its bound reports false without waiting for it", async () => {
  let release: () => void = () => {};
  const stuck = new Promise<void>((r) => release = r);
  assertEquals(await stopWithin(() => stuck, 20), false);
  release();
});

Deno.test("a stop that fails rejects with its error", async () => {
  const failure = await stopWithin(() => Promise.reject(new Error("bus close failed")), 1_000)
    .then(() => undefined, (e: Error) => e.message);
  assertEquals(failure, "bus close failed");
});
