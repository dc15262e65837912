// deno-lint-ignore-file no-console -- a bench reports its figures on stdout
/**
 * A second same-run baseline of the API benchmark: bare `Deno.serve`
 * answering each path with the exact status, headers and body the app
 * answered it with (captured once, before the rounds). It prices the bytes
 * themselves (a 12.5 KB page, a score of headers) apart from the work that
 * produced them, so the app's figure can be read against both floors.
 *
 * Run: `deno run -A bench/api/replica_server.ts CAPTURE.json` (prints
 * `LISTENING <port>`, stops on SIGTERM).
 *
 * @module
 */
import { serveUntilSignal } from "./serve_cli.ts";

/**
 * One captured answer. `content-length` and `date` are left out: the server
 * writes its own, as it does for the app.
 */
export interface CapturedAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

/**
 * Captured answers by request path (with its query), as the runner writes them.
 *
 * @example
 * ```ts
 * const capture: Capture = { "/health": { status: 200, headers: [], body: "{}" } };
 * ```
 */
export type Capture = Record<string, CapturedAnswer>;

const SERVER_WRITTEN = new Set(["content-length", "date"]);

/**
 * Reads `response` into a {@linkcode CapturedAnswer}.
 *
 * @example
 * ```ts ignore
 * const answer = await captureAnswer(await fetch(url));
 * ```
 */
export async function captureAnswer(response: Response): Promise<CapturedAnswer> {
  const headers = [...response.headers].filter(([name]) => !SERVER_WRITTEN.has(name));
  return { status: response.status, headers, body: await response.text() };
}

/**
 * Serves `capture` on 127.0.0.1 and a free port; any other path is a 404.
 *
 * @example
 * ```ts ignore
 * const server = startReplicaServer({ "/health": { status: 200, headers: [], body: "{}" } });
 * await server.shutdown();
 * ```
 */
export function startReplicaServer(capture: Capture): Deno.HttpServer<Deno.NetAddr> {
  const answers = new Map(Object.entries(capture));
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = req.url;
    const answer = answers.get(url.slice(url.indexOf("/", url.indexOf("//") + 2)));
    if (!answer) return new Response("not captured", { status: 404 });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
}

if (import.meta.main) {
  const file = Deno.args[0];
  if (file === undefined) {
    console.error("usage: deno run -A bench/api/replica_server.ts CAPTURE.json");
    Deno.exit(2);
  }
  const server = startReplicaServer(JSON.parse(await Deno.readTextFile(file)) as Capture);
  await serveUntilSignal(server.addr.port, () => server.shutdown());
}
