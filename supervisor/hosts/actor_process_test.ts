import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { ACTOR_PROCESS_ARG, actorProcessCommand, actorProcessModule } from "./actor_process.ts";

const module = new URL("file:///app/actors/collector/mod.ts");

Deno.test("from the sources an actor process is deno run of its module", () => {
  const { program, args } = actorProcessCommand(module, {
    standalone: false,
    execPath: "/bin/deno",
  });
  assertEquals(program, "/bin/deno");
  assertEquals([args[0], args.at(-1)], ["run", module.href]);
});

Deno.test("inside a compiled binary an actor process is the binary with --actor-process", () => {
  assertEquals(actorProcessCommand(module, { standalone: true, execPath: "/app/ct" }), {
    program: "/app/ct",
    args: [ACTOR_PROCESS_ARG, module.href],
  });
});

Deno.test("main's arguments name an actor module only after --actor-process", () => {
  assertEquals(actorProcessModule([ACTOR_PROCESS_ARG, module.href])?.href, module.href);
  assertEquals(actorProcessModule(["--source", "sim"]), undefined);
  assertEquals(actorProcessModule([]), undefined);
});

Deno.test("a missing, malformed or non-file actor module is refused, naming what was received", () => {
  for (
    const bad of [
      [ACTOR_PROCESS_ARG],
      [ACTOR_PROCESS_ARG, "actors/collector/mod.ts"],
      [ACTOR_PROCESS_ARG, "https://example.com/mod.ts"],
      [ACTOR_PROCESS_ARG, module.href, "--extra"],
    ]
  ) {
    const e = assertThrows(() => actorProcessModule(bad));
    assertEquals(e.message.startsWith(`${ACTOR_PROCESS_ARG}: expected one file: URL`), true);
    assertEquals(e.message.includes(JSON.stringify(bad.slice(1))), true, e.message);
  }
});
