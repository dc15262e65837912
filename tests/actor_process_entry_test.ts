/**
 * `main.ts --actor-process URL`, the entry a compiled binary's supervisor
 * starts a process-isolated actor with, run as a process over real pipes.
 */
import { ACTOR_PROCESS_ARG } from "../supervisor/hosts/actor_process.ts";
import { assertEquals, assertStringIncludes } from "./assert.ts";

const main = new URL("../main.ts", import.meta.url).pathname;
const echo = new URL("./fixtures/actors/stdio_echo.ts", import.meta.url);

Deno.test("main.ts --actor-process runs the actor module on its stdio link instead of the system", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, ACTOR_PROCESS_ARG, echo.href],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify({ t: "init", n: 1 }) + "\n"));
  const out = await child.output();
  await writer.close().catch(() => {});
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  assertEquals(JSON.parse(new TextDecoder().decode(out.stdout)), {
    t: "echo",
    frame: { t: "init", n: 1 },
  });
});

Deno.test("main.ts --actor-process without a module URL exits 2, naming the argument", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, ACTOR_PROCESS_ARG, "collector"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 2);
  assertStringIncludes(
    new TextDecoder().decode(out.stderr),
    `${ACTOR_PROCESS_ARG}: expected one file: URL`,
  );
});
