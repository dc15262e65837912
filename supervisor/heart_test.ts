import { assertEquals } from "../tests/assert.ts";
import { getLogger } from "@logtape/logtape";
import { Heart, type HeartChild, isFinalExit } from "./heart.ts";

Deno.test("a clean stop, invalid configuration and the sysexits codes end the heart; other failures restart", () => {
  const final = (code: number, signal: Deno.Signal | null = null) => isFinalExit({ code, signal });
  for (const code of [0, 2, 64, 75, 78]) assertEquals(final(code), true, `code ${code}`);
  for (const code of [1, 3, 63, 79, 130, 137]) assertEquals(final(code), false, `code ${code}`);
  assertEquals(final(0, "SIGKILL"), false, "a death by signal");
});

Deno.test("a stop that finds the system already exited does not throw, and the heart ends with its code", async () => {
  // The moment between the system's exit and its status: what a second Ctrl-C can hit.
  const exited = Promise.withResolvers<{ code: number; signal: null }>();
  const child: HeartChild = {
    pid: 4242,
    status: exited.promise,
    kill: () => {
      throw new TypeError("Child process has already terminated");
    },
  };
  const heart = new Heart({ spawn: () => child, log: getLogger(["ct", "test", "heart"]) });
  const running = heart.run();
  heart.stop("SIGINT");
  exited.resolve({ code: 130, signal: null });
  assertEquals(await running, 130);
  assertEquals(heart.starts, 1);
});
