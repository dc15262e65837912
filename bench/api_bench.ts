/**
 * REST API throughput under `wrk`: the real app with every middleware on
 * against two bare `Deno.serve` servers measured in the same run: the
 * baseline (a small JSON body on every path) and the replica (each path's
 * exact answer from the app: status, headers and body, captured before the
 * rounds), which prices the bytes apart from the work behind them.
 *
 * Each server runs alone in its own process on 127.0.0.1; `wrk` gets a
 * warm-up run, then a measured run with the same settings for every
 * server and path. Servers and `wrk` share the machine's cores.
 *
 * Run: `deno run -A bench/api_bench.ts [--duration=10s] [--warmup=2s]
 * [--threads=2] [--connections=64] [--cpu-prof=DIR]` (`--cpu-prof` writes a
 * V8 profile of the app server to DIR). Not a `Deno.bench` file: `wrk`
 * drives the load, so it runs only as a main module.
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
async function captureApp(): Promise<string> {
  const server = await startServer(SERVERS.app);
  try {
    const capture: Capture = {};
    for (const path of PATHS) {
      capture[path] = await captureAnswer(
        await fetch(`http://127.0.0.1:${server.port}${path}`, { headers: HEADERS }),
      );
    }
    const file = await Deno.makeTempFile({ prefix: "ct-api-bench-capture-", suffix: ".json" });
    await Deno.writeTextFile(file, JSON.stringify(capture));
    return file;
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      duration: { type: "string", default: "10s" },
      warmup: { type: "string", default: "2s" },
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
  const results = new Map<string, WrkResult>();
  const captured = await captureApp();
  try {
    await measure(wrk, values, captured, results);
  } finally {
    await Deno.remove(captured);
  }
  const [load1] = Deno.loadavg();
  console.log(
    `\nwrk -t${wrk.threads} -c${wrk.connections} -d${values.duration} --latency ` +
      `(after a ${values.warmup} warm-up); ${navigator.hardwareConcurrency} cores shared by ` +
      `server and wrk; load average ${load1?.toFixed(2)}\n`,
  );
  console.log("| path | server | req/s | p50 | p99 | % of baseline | % of replica |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const path of PATHS) {
    const base = results.get(`baseline ${path}`)!;
    const replica = results.get(`replica ${path}`)!;
    for (const name of Object.keys(SERVERS)) {
      const r = results.get(`${name} ${path}`)!;
      const pct = (of: WrkResult) => (100 * r.requestsPerSecond / of.requestsPerSecond).toFixed(1);
      console.log(
        `| ${path} | ${name} | ${Math.round(r.requestsPerSecond)} | ${r.p50Ms.toFixed(2)} ms | ` +
          `${r.p99Ms.toFixed(2)} ms | ${pct(base)}% | ${
            name === "baseline" ? "" : `${pct(replica)}%`
          } |`,
      );
    }
  }
}

/** One round per server (in {@linkcode SERVERS} order) and path, into `results`. */
async function measure(
  wrk: { threads: number; connections: number },
  values: { duration: string; warmup: string; "cpu-prof"?: string },
  captured: string,
  results: Map<string, WrkResult>,
): Promise<void> {
  for (const [name, file] of Object.entries(SERVERS)) {
    const server = await startServer(
      file,
      name === "replica" ? [captured] : [],
      name === "app" ? values["cpu-prof"] : undefined,
    );
    try {
      const base = `http://127.0.0.1:${server.port}`;
      for (const path of PATHS) {
        await checkPath(name, base, path);
        const url = base + path;
        await runWrk({ ...wrk, url, duration: values.warmup, headers: HEADERS });
        const r = await runWrk({ ...wrk, url, duration: values.duration, headers: HEADERS });
        if (r.non2xx > 0 || r.socketErrors > 0) {
          throw new Error(`${name} ${path}: ${r.non2xx} non-2xx, ${r.socketErrors} socket errors`);
        }
        results.set(`${name} ${path}`, r);
        console.error(`${name} ${path}: ${Math.round(r.requestsPerSecond)} req/s`);
      }
    } finally {
      await server.stop();
    }
  }
}

if (import.meta.main) await main();
