/**
 * The entry point as a user runs it: `main.ts --source sim` in its own
 * process, watched from outside through its log lines and its API, and
 * stopped the way Ctrl-C stops it.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";

const main = new URL("../main.ts", import.meta.url).pathname;

/** One JSON log line, as `LOG_FORMAT=json` writes it. */
interface LogLine {
  level: string;
  message: string;
  logger: string;
  [field: string]: unknown;
}

/** Resolves with the first value `probe` returns that is not undefined, polling. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}; last error: ${last}`);
}

async function json(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`${url} answered ${res.status}`);
  }
  return await res.json();
}

/**
 * `main.ts --source sim` in its own process, its JSON log lines collected as
 * they come. `group`: in a process group of its own (`setsid`), which
 * `stop` then signals whole, as a terminal's Ctrl-C does.
 */
function startMain(env: Record<string, string> = {}, options: { group?: boolean } = {}) {
  const dataDir = Deno.makeTempDirSync({ prefix: "ct-main-" });
  const args = ["run", "-A", main, "--source", "sim", "--speed", "600", "--data-dir", dataDir];
  // Spawned by us, deno is no group leader, so setsid execs it (same pid) in a new group.
  const child = new Deno.Command(options.group ? "setsid" : Deno.execPath(), {
    args: options.group ? [Deno.execPath(), ...args] : args,
    env: { PORT: "0", LOG_FORMAT: "json", LOG_LEVEL: "info", NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const stdout = (async () => {
    let rest = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      for (const part of parts) {
        raw.push(part);
        try {
          lines.push(JSON.parse(part));
        } catch {
          // Kept in `raw`; the tests fail on it.
        }
      }
    }
    if (rest) raw.push(rest);
  })();
  const stderr = new Response(child.stderr).text();
  let status: Deno.CommandStatus | undefined;
  return {
    lines,
    raw,
    stderr,
    /** The API's base URL, once the process has logged it. */
    base: async () => {
      const listening = await until(
        "the API's listening line",
        () => Promise.resolve(lines.find((l) => l.message.startsWith("API listening on "))),
      );
      return { url: String(listening.url), message: listening.message };
    },
    /** Sends `signal` and waits for the exit and the last line. */
    async stop(signal: Deno.Signal = "SIGINT") {
      if (options.group) Deno.kill(-child.pid, signal);
      else child.kill(signal);
      status = await child.status;
      await stdout;
      return status;
    },
    /** Kills what is left and removes the data directory. */
    async dispose() {
      if (status === undefined) {
        child.kill("SIGKILL");
        await child.status;
        await stdout.catch(() => {});
        await stderr.catch(() => "");
      }
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

Deno.test("main.ts --source sim runs the four actors into signals and exits 0 on SIGINT, logging only JSON lines", async () => {
  const m = startMain();
  try {
    const { url: base, message } = await m.base();
    assertStringIncludes(message, `API listening on ${base} (docs at ${base}/docs)`);

    await until("four running actors", async () => {
      const health = await json(`${base}/health`) as { actors: { running: number } };
      return health.actors.running === 4 ? true : undefined;
    });
    const signals = await until("a stored signal", async () => {
      const page = await json(`${base}/api/v1/signals?limit=1`) as { signals: unknown[] };
      return page.signals.length > 0 ? page.signals : undefined;
    });
    assertEquals(signals.length, 1);
    const actors = await json(`${base}/api/v1/actors`) as {
      actors: { id: string; state: string }[];
    };
    assertEquals(
      actors.actors.map((a) => [a.id, a.state]).sort(),
      [["alerter", "running"], ["analyzer", "running"], ["collector", "running"], [
        "strategy",
        "running",
      ]],
    );

    // A streamed (chunked) body has no Content-Length: the body limit wraps
    // it in a new Request, which reads `request.signal` (Deno warns on
    // stderr under its legacy abort behaviour; deno.json opts out of it).
    const streamed = await fetch(`${base}/api/v1/silences`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: ReadableStream.from([new TextEncoder().encode("{}")]),
    });
    assertEquals(streamed.status, 400);
    await streamed.body?.cancel();

    const status = await m.stop();
    const { lines, raw } = m;
    assertEquals(status.code, 0, "a graceful stop exits 0");
    assertEquals(raw.length, lines.length, `non-JSON stdout lines: ${raw.slice(0, 3)}`);
    const failures = lines.filter((l) => l.level === "ERROR" || l.level === "FATAL");
    assertEquals(failures, [], "no error lines in a clean run");
    for (const l of lines) assert(l.logger.startsWith("ct."), `a line outside ct.*: ${l.logger}`);
    assert(lines.some((l) => l.message.startsWith("shutdown requested")), "the signal was logged");
    assertEquals(lines.at(-1)?.message, "stopped");
    assertEquals(await m.stderr, "", "nothing on stderr (no runtime or dependency warnings)");
  } finally {
    await m.dispose();
  }
});

Deno.test("a stop that overruns supervisor.shutdownTimeoutMs exits 1, naming the bound", async () => {
  // 1 ms: no real stop (four actors, the API, the bus) finishes that fast.
  const m = startMain({ CT_SHUTDOWN_TIMEOUT_MS: "1" });
  try {
    const { url: base } = await m.base();
    await until("four running actors", async () => {
      const health = await json(`${base}/health`) as { actors: { running: number } };
      return health.actors.running === 4 ? true : undefined;
    });
    const status = await m.stop("SIGTERM");
    assertEquals(status.code, 1);
    const overran = m.lines.find((l) => l.level === "ERROR");
    assertEquals(
      overran?.message,
      "stop did not finish within 1 ms (supervisor.shutdownTimeoutMs); exiting",
    );
    assert(!m.lines.some((l) => l.message === "stopped"), "no clean-stop line after an overrun");
  } finally {
    await m.dispose();
  }
});

Deno.test("Ctrl-C to the whole process group stops process-isolated actors through the supervisor, not the signal", async () => {
  const m = startMain({
    CT_ACTOR_SETTINGS__ANALYZER__ISOLATION: "process",
    CT_ACTOR_SETTINGS__STRATEGY__ISOLATION: "process",
  }, { group: true });
  try {
    const { url: base } = await m.base();
    const actors = await until("four running actors, two of them processes", async () => {
      const body = await json(`${base}/api/v1/actors`) as {
        actors: { id: string; state: string; isolation: string }[];
      };
      return body.actors.every((a) => a.state === "running") ? body.actors : undefined;
    });
    assertEquals(actors.filter((a) => a.isolation === "process").map((a) => a.id).sort(), [
      "analyzer",
      "strategy",
    ]);
    const status = await m.stop("SIGINT");
    assertEquals(status.code, 0, "a graceful stop exits 0");
    // The children's lines are on stderr (their stdout carries frames).
    const childLines: LogLine[] = (await m.stderr).split("\n").filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    const all = [...m.lines, ...childLines];
    const down = all.filter((l) => / down \(|restarting in/.test(l.message));
    assertEquals(down.map((l) => l.message), [], "no actor went down on the signal");
    const stopped = m.lines.filter((l) => l.level === "INFO" && / stopped$/.test(l.message));
    assertEquals(
      stopped.map((l) => l.actor).sort(),
      ["alerter", "analyzer", "collector", "strategy"],
      "each actor drained and stopped by the supervisor",
    );
    assertEquals(m.lines.at(-1)?.message, "stopped");
  } finally {
    await m.dispose();
  }
});
