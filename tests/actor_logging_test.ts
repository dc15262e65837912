/**
 * Every line an actor writes carries the actor's name, whichever module
 * wrote it: a real supervisor in its own process runs a worker and a child
 * process whose bus client holds a message through a transient failure,
 * whose slow-query log reports a query, and whose own module logger knows
 * nothing of the actor; their JSON lines are read from the outside.
 */
import { assert, assertEquals } from "./assert.ts";

const system = new URL("./fixtures/actor_logging_system.ts", import.meta.url).pathname;

/** One JSON log line. */
interface LogLine {
  message: string;
  logger: string;
  actor?: unknown;
}

/** Runs the system (over Redis with `--redis`) and returns the JSON lines of stdout and stderr. */
async function runSystem(args: string[]): Promise<{ stdout: LogLine[]; stderr: LogLine[] }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", system, ...args],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  assertEquals(out.code, 0, `the system failed:\n${decode(out.stdout)}\n${decode(out.stderr)}`);
  // This process logs nothing itself: stdout is the worker's alone.
  const stdout = decode(out.stdout).split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  const stderr = decode(out.stderr).split("\n").filter((l) => l.startsWith("{")).map((l) =>
    JSON.parse(l)
  );
  return { stdout, stderr };
}

/** Asserts `lines` include each kind of line the probe writes, and that every one names `actor`. */
function assertNamed(lines: LogLine[], actor: string, busLogger: string): void {
  const has = (what: string, p: (l: LogLine) => boolean) =>
    assert(lines.some(p), `${actor} wrote no ${what} line: ${JSON.stringify(lines)}`);
  has("bus hold", (l) => l.logger === busLogger && l.message.includes("holding the message"));
  has("slow query", (l) => l.logger === "ct.monitor.db" && l.message.includes("slow query"));
  has("module logger", (l) => l.logger === "ct.fixture.log_probe");
  const unnamed = lines.filter((l) => l.actor !== actor);
  assertEquals(unnamed, [], `lines of ${actor} without "actor":"${actor}"`);
}

Deno.test("every line a worker or a child process actor writes carries its name, whichever module wrote it", async () => {
  const { stdout, stderr } = await runSystem([]);
  assertNamed(stdout, "probe-worker", "ct.bus");
  assertNamed(stderr, "probe-process", "ct.bus");
});

Deno.test("over Redis, every line a worker or a child process actor writes carries its name, whichever module wrote it", async () => {
  const { stdout, stderr } = await runSystem(["--redis"]);
  assertNamed(stdout, "probe-worker", "ct.probe-worker.bus");
  assertNamed(stderr, "probe-process", "ct.probe-process.bus");
});
