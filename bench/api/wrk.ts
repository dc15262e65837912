/**
 * Running `wrk` and reading its `--latency` report.
 *
 * @module
 */

/** What one `wrk --latency` run measured. */
export interface WrkResult {
  requests: number;
  requestsPerSecond: number;
  /** Latency percentiles, milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** Responses outside 2xx/3xx (a 401 or 429 would make the figure meaningless). */
  non2xx: number;
  /** Connect, read, write and timeout errors summed. */
  socketErrors: number;
}

/**
 * How to get `wrk` when it is missing.
 *
 * @example
 * ```ts
 * WRK_INSTALL_HINT.includes("apt-get install -y wrk"); // true
 * ```
 */
export const WRK_INSTALL_HINT = "wrk is not installed. On Debian/Ubuntu: " +
  "`sudo apt-get update && sudo apt-get install -y wrk`; on macOS: `brew install wrk`.";

// µs are divided, not multiplied by 0.001, so "478.00us" reads as exactly 0.478.
const MS_FROM: Record<string, (n: number) => number> = {
  us: (n) => n / 1000,
  ms: (n) => n,
  s: (n) => n * 1000,
  m: (n) => n * 60_000,
};

function durationMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) throw new Error(`wrk latency is not a duration; received ${JSON.stringify(text)}`);
  return MS_FROM[m[2]!]!(Number(m[1]));
}

function match(text: string, re: RegExp, what: string): RegExpExecArray {
  const m = re.exec(text);
  if (!m) throw new Error(`wrk output has no ${what}; received:\n${text}`);
  return m;
}

/**
 * Reads requests/s, p50/p99 latency and error counts from `wrk --latency`
 * output.
 *
 * @throws when a figure is missing (wrk run without `--latency`, or failed).
 *
 * @example
 * ```ts ignore
 * parseWrkOutput(stdout).requestsPerSecond; // 88918.42
 * ```
 */
export function parseWrkOutput(text: string): WrkResult {
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    requests: Number(match(text, /(\d+) requests in /, "request count")[1]),
    requestsPerSecond: Number(match(text, /Requests\/sec:\s+([\d.]+)/, "Requests/sec")[1]),
    p50Ms: durationMs(match(text, /^\s+50%\s+(\S+)$/m, "50% latency (--latency)")[1]!),
    p99Ms: durationMs(match(text, /^\s+99%\s+(\S+)$/m, "99% latency (--latency)")[1]!),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

/** Options of {@linkcode runWrk}. */
export interface WrkOptions {
  url: string;
  threads: number;
  connections: number;
  /** wrk duration, e.g. `"10s"`. */
  duration: string;
  headers?: Record<string, string>;
}

/**
 * Runs `wrk --latency` and parses its report.
 *
 * @throws with {@linkcode WRK_INSTALL_HINT} when `wrk` is not on the PATH,
 * and with its stderr when it fails.
 *
 * @example
 * ```ts ignore
 * const r = await runWrk({ url, threads: 2, connections: 64, duration: "10s" });
 * ```
 */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.duration}`,
    "--latency",
  ];
  for (const [k, v] of Object.entries(options.headers ?? {})) args.push("-H", `${k}: ${v}`);
  args.push(options.url);
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("wrk", { args, stdout: "piped", stderr: "piped" }).output();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) throw new Error(WRK_INSTALL_HINT, { cause: e });
    throw e;
  }
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `wrk ${args.join(" ")} exited with ${out.code}: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return parseWrkOutput(stdout);
}

/**
 * Whether `wrk` can be started.
 *
 * @example
 * ```ts ignore
 * if (!await wrkAvailable()) console.error(WRK_INSTALL_HINT);
 * ```
 */
export async function wrkAvailable(): Promise<boolean> {
  try {
    await new Deno.Command("wrk", { args: ["--version"], stdout: "null", stderr: "null" })
      .output();
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}
