/**
 * The heart with real processes: a stand-in system that fails, dies or
 * waits as told (`fixtures/heart_child.ts`), and `main.ts --heart` itself.
 */
import { getLogger } from "@logtape/logtape";
import { assert, assertEquals } from "./assert.ts";
import { captureLogs } from "./log_capture.ts";
import { Heart, type HeartOptions } from "../supervisor/heart.ts";

const fixture = new URL("./fixtures/heart_child.ts", import.meta.url).pathname;
const main = new URL("../main.ts", import.meta.url).pathname;
const log = getLogger(["ct", "test", "heart"]);

/** A heart over the stand-in, its state file, and the runs it recorded. */
async function standIn(exits: string[], options: Partial<HeartOptions> = {}) {
  const dir = await Deno.makeTempDir({ prefix: "ct-heart-" });
  const state = `${dir}/runs`;
  const heart = new Heart({
    log,
    initialBackoffMs: 10,
    maxBackoffMs: 40,
    spawn: () =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", fixture, state, ...exits],
        env: { CT_HEART_CHILD: "1" },
        stdin: "null",
        stdout: "null",
        stderr: "inherit",
      }).spawn(),
    ...options,
  });
  const runs = async () =>
    (await Deno.readTextFile(state).catch(() => "")).split("\n").filter(Boolean);
  return { heart, runs, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("the heart starts the system again after a failure and ends with its clean exit", async () => {
  await using s = await standIn(["1", "1", "0"]);
  assertEquals(await s.heart.run(), 0);
  assertEquals(s.heart.starts, 3);
  assertEquals((await s.runs()).map((r) => r.split(" ").slice(0, 2).join(" ")), [
    "1 1",
    "2 1",
    "3 1",
  ]);
});

Deno.test("the heart starts a system killed by a signal again", async () => {
  await using s = await standIn(["kill", "0"]);
  assertEquals(await s.heart.run(), 0);
  assertEquals(s.heart.starts, 2);
});

Deno.test("the heart ends at once on an exit a restart cannot fix", async () => {
  for (const code of ["2", "78"]) {
    await using s = await standIn([code, "0"]);
    assertEquals(await s.heart.run(), Number(code), `exit ${code}`);
    assertEquals(s.heart.starts, 1, `exit ${code}`);
  }
});

Deno.test("a stop passes the signal to the running system and starts no other", async () => {
  await using s = await standIn(["term", "0"]);
  const running = s.heart.run();
  // The child listens for SIGTERM (and exits 0 on it) before it writes its line.
  while ((await s.runs()).length === 0) await new Promise((r) => setTimeout(r, 20));
  s.heart.stop("SIGTERM");
  assertEquals(await running, 0);
  assertEquals(s.heart.starts, 1);
});

Deno.test("each failure in a row waits twice as long as the one before, up to the most", async () => {
  await using logs = await captureLogs(["ct", "test", "heart"]);
  await using s = await standIn(["1"], { initialBackoffMs: 20, maxBackoffMs: 80 });
  const running = s.heart.run();
  const waits = () =>
    logs.records.filter((r) => r.level === "error").map((r) => r.properties.seconds);
  while (waits().length < 5) await new Promise((r) => setTimeout(r, 10));
  s.heart.stop("SIGTERM");
  assertEquals(await running, 1);
  assertEquals(waits().slice(0, 5), [0.02, 0.04, 0.08, 0.08, 0.08]);
});

Deno.test("a stop during the wait before a restart ends the wait and starts nothing", async () => {
  await using logs = await captureLogs(["ct", "test", "heart"]);
  await using s = await standIn(["1"], { initialBackoffMs: 600_000 });
  const running = s.heart.run();
  while (!logs.records.some((r) => r.level === "error")) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const stoppedAt = performance.now();
  s.heart.stop("SIGTERM");
  assertEquals(await running, 1);
  assertEquals(s.heart.starts, 1);
  // Not a speed check: without the stop, the wait would last ten minutes.
  assert(performance.now() - stoppedAt < 60_000, "the wait went on after the stop");
});

Deno.test("a hung worker under the heart: its process exits on the leaked thread and a fresh one replaces it", async () => {
  await using logs = await captureLogs(["ct", "test", "heart"]);
  const scenario = new URL("./fixtures/hang_scenario.ts", import.meta.url).pathname;
  const heart = new Heart({
    log,
    initialBackoffMs: 10,
    spawn: () =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", scenario, "worker", "exit", "code"],
        stdin: "null",
        stdout: "null",
        stderr: "inherit",
      }).spawn(),
  });
  const running = heart.run();
  const pids = () =>
    logs.records.filter((r) => r.properties.pid !== undefined).map((r) => r.properties.pid);
  const deadline = Date.now() + 60_000;
  while (pids().length < 2) {
    assert(Date.now() < deadline, "no second start");
    await new Promise((r) => setTimeout(r, 50));
  }
  heart.stop("SIGKILL");
  await running;
  const failures = logs.records.filter((r) => r.level === "error").map((r) => r.properties.how);
  assertEquals(failures[0], "code 1", "the supervisor's code on a leaked thread");
  const first = pids()[0] as number;
  const alive = await Deno.stat(`/proc/${first}`).then(() => true, () => false);
  assert(!alive, `process ${first}, whose worker spun, is still alive`);
});

/** `main.ts --heart --source sim` with JSON logs, read as they come. */
async function heartMain() {
  const dataDir = await Deno.makeTempDir({ prefix: "ct-heart-main-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", main, "--heart", "--source", "sim", "--data-dir", dataDir],
    env: { PORT: "0", LOG_FORMAT: "json", NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines: { logger: string; message: string; pid?: number; config?: string }[] = [];
  const reading = (async () => {
    let rest = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      for (const part of parts) if (part.startsWith("{")) lines.push(JSON.parse(part));
    }
  })();
  const waitFor = async (what: string, done: () => boolean | Promise<boolean>) => {
    const deadline = Date.now() + 60_000;
    while (!(await done())) {
      assert(Date.now() < deadline, `no ${what}; last lines: ${JSON.stringify(lines.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await waitFor("API line", () => lines.some((l) => l.message.startsWith("API listening on ")));
  const systemPid = lines.find((l) => l.logger === "ct.heart" && l.pid !== undefined)!.pid!;
  return {
    child,
    lines,
    reading,
    systemPid,
    waitFor,
    alive: (pid: number) => Deno.stat(`/proc/${pid}`).then(() => true, () => false),
    async [Symbol.asyncDispose]() {
      try {
        child.kill("SIGKILL");
      } catch {
        // Already exited.
      }
      await child.status;
      await reading;
      if (await this.alive(systemPid)) Deno.kill(systemPid, "SIGKILL");
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

Deno.test("main.ts --heart runs the system in a child that exits on a leaked thread, and passes SIGTERM on", async () => {
  await using m = await heartMain();
  const started = m.lines.find((l) => l.logger === "ct.main" && l.message.startsWith("starting"));
  assertEquals(JSON.parse(started!.config!).supervisor.onLeakedThread, "exit");
  assert(m.systemPid !== m.child.pid, "the system runs in a process of its own");
  m.child.kill("SIGTERM");
  assertEquals((await m.child.status).code, 0);
  await m.reading;
  assert(m.lines.some((l) => l.logger === "ct.main" && l.message === "stopped"));
  assert(!(await m.alive(m.systemPid)), `process ${m.systemPid} outlived the heart`);
});

Deno.test("a system whose heart is killed stops gracefully instead of living on alone", async () => {
  await using m = await heartMain();
  m.child.kill("SIGKILL");
  await m.child.status;
  await m.waitFor("end of the system process", async () => !(await m.alive(m.systemPid)));
  await m.reading;
  const messages = m.lines.filter((l) => l.logger === "ct.main").map((l) => l.message);
  assert(messages.includes("the heart that started this process is gone: stopping"), `${messages}`);
  assert(messages.includes("stopped"), `${messages}`);
});
