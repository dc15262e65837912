import { SQLITE_MIGRATIONS } from "../store/sqlite/migrations.ts";
import { assertEquals, assertStringIncludes } from "./assert.ts";

const cli = new URL("../cli/main.ts", import.meta.url).pathname;

async function run(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", cli, ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("cli migrate applies the embedded schema once and then reports it current", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ct-cli-" });
  try {
    const first = await run(["migrate", "--data-dir", dir]);
    assertEquals(first.code, 0, first.stderr);
    const versions = SQLITE_MIGRATIONS.map((m) => m.version);
    assertStringIncludes(first.stdout, `applied migrations ${versions.join(", ")}`);
    const second = await run(["migrate", "--data-dir", dir]);
    assertEquals(second.code, 0, second.stderr);
    assertStringIncludes(second.stdout, `schema up to date at version ${versions.at(-1)}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli config prints the configuration with secrets redacted", async () => {
  const r = await run(["config"], {
    API_KEY: "0123456789abcdefXYZ",
    DATABASE_URL: "postgres://u:hunter2@db/ct",
  });
  assertEquals(r.code, 0, r.stderr);
  const shown = JSON.parse(r.stdout);
  assertEquals(shown.api.apiKey, "***");
  assertEquals(shown.databaseUrl, "postgres://u:***@db/ct");
});

Deno.test("cli refuses unknown commands, bad flags and bad values with exit code 2", async () => {
  const unknown = await run(["frobnicate"]);
  assertEquals(unknown.code, 2);
  assertStringIncludes(unknown.stderr, 'unknown command "frobnicate"');
  const flag = await run(["migrate", "--nope"]);
  assertEquals(flag.code, 2);
  assertStringIncludes(flag.stderr, "command line:");
  const value = await run(["config", "--port=70000"]);
  assertEquals(value.code, 2);
  assertStringIncludes(value.stderr, "api.port: expected");
  const none = await run([]);
  assertEquals(none.code, 2);
  assertStringIncludes(none.stderr, "Usage: deno task cli");
});
