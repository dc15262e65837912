import { assertEquals } from "../tests/assert.ts";
import { heartChildCommand, heartChildDefaults } from "./heart_run.ts";

Deno.test("the heart starts the same main module with the same flags, or the compiled binary itself", () => {
  const args = ["--source", "sim", "--actors", "collector"];
  const fromSources = heartChildCommand(args, {
    standalone: false,
    execPath: "/usr/bin/deno",
    mainModule: "file:///app/main.ts",
  });
  assertEquals(fromSources.program, "/usr/bin/deno");
  assertEquals(fromSources.args.slice(0, 2), ["run", "--allow-all"]);
  assertEquals(fromSources.args.slice(-5), [
    "file:///app/main.ts",
    "--source",
    "sim",
    "--actors",
    "collector",
  ]);
  assertEquals(
    heartChildCommand(args, {
      standalone: true,
      execPath: "/app/crypto-trade",
      mainModule: "file:///tmp/deno-compile-crypto-trade/main.ts",
    }),
    { program: "/app/crypto-trade", args: ["--source", "sim", "--actors", "collector"] },
  );
});

Deno.test("only the heart's child defaults to exiting on a leaked thread", () => {
  assertEquals(heartChildDefaults({ CT_HEART_CHILD: "1" }), {
    supervisor: { onLeakedThread: "exit" },
  });
  assertEquals(heartChildDefaults({}), {});
  assertEquals(heartChildDefaults({ CT_HEART_CHILD: "yes" }), {});
});
