// deno-lint-ignore-file no-console -- a bench reports its figures on stdout
/**
 * REST API throughput under `wrk`: the real app with every middleware on
 * against three servers measured in the same run: the baseline (bare
 * `Deno.serve`, a small JSON body on every path), Hono alone answering the
 * same body (the issue's "Hono at parity with bare" yardstick), and the
 * replica (bare `Deno.serve` with each path's exact answer from the app:
 * status, headers and body, captured before the rounds), which prices the
 * bytes apart from the work behind them.
 *
 * Each server runs in its own process on 127.0.0.1, all four for the whole
 * run; `wrk` gets a warm-up run, then a measured run with the same settings
 * for every server and path, in interleaved rounds (each starting with the
 * next server), and every ratio is taken within its round. Servers and
 * `wrk` share the machine's cores.
 *
 * Run: `deno run -A bench/api_bench.ts [--rounds=3] [--duration=6s]
 * [--warmup=1s] [--threads=2] [--connections=64] [--cpu-prof=DIR]`
 * (`--cpu-prof` writes a V8 profile of the app server to DIR). Not a
 * `Deno.bench` file: `wrk` drives the load, so it runs only as a main module.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { BENCH_API_KEY } from "./api/app_server.ts";
import { type Capture, captureAnswer } from "./api/replica_server.ts";
import { parseListeningLine } from "./api/serve_cli.ts";
import { runWrk, WRK_INSTALL_HINT, wrkAvailable, type WrkResult } from "./api/wrk.ts";

/** A server process started for one round. */
interface ServerProcess {
  port: number;
  stop(): Promise<void>;
}

const SERVERS = {
  baseline: new URL("./api/baseline_server.ts", import.meta.url),
  hono: new URL("./api/hono_server.ts", import.meta.url),
  replica: new URL("./api/replica_server.ts", import.meta.url),
  app: new URL("./api/app_server.ts", import.meta.url),
} as const;

const PATHS = ["/health", "/api/v1/signals?limit=50"] as const;
const HEADERS = { Authorization: `Bearer ${BENCH_API_KEY}` };

/**
 * Starts `file` with `deno run -A` (and `serverArgs`) and waits for its
 * `LISTENING <port>` line.
 */
async function startServer(
  file: URL,
  serverArgs: string[] = [],
  cpuProfDir?: string,
): Promise<ServerProcess> {
  const args = ["run", "-A"];
  if (cpuProfDir) args.push("--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`);
  args.push(file.pathname, ...serverArgs);
  const child = new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "inherit" })
    .spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let port: number | null = null;
  while (port === null) {
    const { value, done } = await lines.read();
    if (done) {
      await child.status;
      throw new Error(`${file.pathname} exited before listening; its stdout: ${buffered}`);
    }
    buffered += value;
    port = buffered.split("\n").map(parseListeningLine).find((p) => p !== null) ?? null;
  }
  // Keep draining so a chatty server never blocks on a full pipe.
  const drained = (async () => {
    while (!(await lines.read()).done) { /* discard */ }
  })();
  return {
    port,
    async stop() {
      child.kill("SIGTERM");
      const status = await child.status;
      await drained;
      if (!status.success) throw new Error(`${file.pathname} exited with ${status.code}`);
    },
  };
}

/** Fails early when a path does not answer what the benchmark means to measure. */
async function checkPath(server: string, base: string, path: string): Promise<void> {
  const res = await fetch(base + path, { headers: HEADERS });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${body}`);
  if (server === "app" && path.startsWith("/api/v1/signals")) {
    const rows = (JSON.parse(body) as { signals?: unknown[] }).signals?.length;
    if (rows !== 50) throw new Error(`GET ${path} returned ${rows} signals, expected 50`);
  }
}

/** The app's answer to every path, for the replica; written to a temp file. */
async function captureApp(app: ServerProcess): Promise<string> {
  const capture: Capture = {};
  for (const path of PATHS) {
    capture[path] = await captureAnswer(
      await fetch(`http://127.0.0.1:${app.port}${path}`, { headers: HEADERS }),
    );
  }
  const file = await Deno.makeTempFile({ prefix: "ct-api-bench-capture-", suffix: ".json" });
  await Deno.writeTextFile(file, JSON.stringify(capture));
  return file;
}

type ServerName = keyof typeof SERVERS;
const NAMES = Object.keys(SERVERS) as ServerName[];

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      duration: { type: "string", default: "6s" },
      warmup: { type: "string", default: "1s" },
      rounds: { type: "string", default: "3" },
      threads: { type: "string", default: "2" },
      connections: { type: "string", default: "64" },
      "cpu-prof": { type: "string" },
    },
  });
  if (!await wrkAvailable()) {
    console.error(WRK_INSTALL_HINT);
    Deno.exit(1);
  }
  const wrk = { threads: Number(values.threads), connections: Number(values.connections) };
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`--rounds must be a positive integer, received ${JSON.stringify(values.rounds)}`);
    Deno.exit(2);
  }
  // Every server runs for the whole benchmark (an idle one costs nothing), so
  // the rounds can interleave them: the machine's speed drifts by 10-30%
  // over minutes, and a ratio of two runs minutes apart measures the drift.
  const servers = new Map<ServerName, ServerProcess>();
  let captured: string | undefined;
  try {
    servers.set("app", await startServer(SERVERS.app, [], values["cpu-prof"]));
    captured = await captureApp(servers.get("app")!);
    servers.set("baseline", await startServer(SERVERS.baseline));
    servers.set("hono", await startServer(SERVERS.hono));
    servers.set("replica", await startServer(SERVERS.replica, [captured]));
    for (const [name, server] of servers) {
      for (const path of PATHS) await checkPath(name, `http://127.0.0.1:${server.port}`, path);
    }
    const results: Map<string, WrkResult>[] = [];
    for (let round = 0; round < rounds; round++) {
      // Each round starts with the next server, so none is always measured first.
      const order = NAMES.map((_, i) => NAMES[(i + round) % NAMES.length]!);
      results.push(await measureRound(wrk, values, servers, order));
    }
    report(wrk, values, results);
  } finally {
    for (const server of servers.values()) await server.stop();
    if (captured) await Deno.remove(captured);
  }
}

/** One measured run per server (in `order`) and path. */
async function measureRound(
  wrk: { threads: number; connections: number },
  values: { duration: string; warmup: string },
  servers: Map<ServerName, ServerProcess>,
  order: ServerName[],
): Promise<Map<string, WrkResult>> {
  const results = new Map<string, WrkResult>();
  for (const path of PATHS) {
    for (const name of order) {
      const url = `http://127.0.0.1:${servers.get(name)!.port}${path}`;
      await runWrk({ ...wrk, url, duration: values.warmup, headers: HEADERS });
      const r = await runWrk({ ...wrk, url, duration: values.duration, headers: HEADERS });
      if (r.non2xx > 0 || r.socketErrors > 0) {
        throw new Error(`${name} ${path}: ${r.non2xx} non-2xx, ${r.socketErrors} socket errors`);
      }
      results.set(`${name} ${path}`, r);
      console.error(`${name} ${path}: ${Math.round(r.requestsPerSecond)} req/s`);
    }
  }
  return results;
}

/** Prints every round, then the medians over the rounds. */
function report(
  wrk: { threads: number; connections: number },
  values: { duration: string; warmup: string },
  rounds: Map<string, WrkResult>[],
): void {
  const [load1] = Deno.loadavg();
  console.log(
    `\nwrk -t${wrk.threads} -c${wrk.connections} -d${values.duration} --latency ` +
      `(after a ${values.warmup} warm-up), ${rounds.length} interleaved rounds; ` +
      `${navigator.hardwareConcurrency} cores shared by server and wrk; ` +
      `load average ${load1?.toFixed(2)}\n`,
  );
  console.log("| round | path | server | req/s | p50 | p99 | % of baseline | % of replica |");
  console.log("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |");
  const ratio = (r: Map<string, WrkResult>, name: string, of: string, path: string) =>
    100 * r.get(`${name} ${path}`)!.requestsPerSecond / r.get(`${of} ${path}`)!.requestsPerSecond;
  rounds.forEach((r, i) => {
    for (const path of PATHS) {
      for (const name of NAMES) {
        const w = r.get(`${name} ${path}`)!;
        console.log(
          `| ${i + 1} | ${path} | ${name} | ${Math.round(w.requestsPerSecond)} | ` +
            `${w.p50Ms.toFixed(2)} ms | ${w.p99Ms.toFixed(2)} ms | ` +
            `${ratio(r, name, "baseline", path).toFixed(1)}% | ` +
            `${name === "baseline" ? "" : `${ratio(r, name, "replica", path).toFixed(1)}%`} |`,
        );
      }
    }
  });
  console.log("\nMedians over the rounds (each ratio is taken within its round):\n");
  console.log("| path | server | req/s | % of baseline | % of replica |");
  console.log("| --- | --- | ---: | ---: | ---: |");
  for (const path of PATHS) {
    for (const name of NAMES) {
      const rps = median(rounds.map((r) => r.get(`${name} ${path}`)!.requestsPerSecond));
      const ofBase = median(rounds.map((r) => ratio(r, name, "baseline", path)));
      const ofReplica = median(rounds.map((r) => ratio(r, name, "replica", path)));
      console.log(
        `| ${path} | ${name} | ${Math.round(rps)} | ${ofBase.toFixed(1)}% | ` +
          `${name === "baseline" ? "" : `${ofReplica.toFixed(1)}%`} |`,
      );
    }
  }
}

if (import.meta.main) await main();
