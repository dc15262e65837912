/**
 * The same-run baseline of the API benchmark: bare `Deno.serve` answering
 * every request with a small JSON body (about the size of `/health`'s).
 *
 * Run: `deno run -A bench/api/baseline_server.ts` (prints `LISTENING <port>`,
 * stops on SIGTERM).
 *
 * @module
 */
import { serveUntilSignal } from "./serve_cli.ts";

/**
 * What the baseline answers on every path: about the size of `/health`'s body.
 *
 * @example
 * ```ts
 * BASELINE_BODY.status; // "ok"
 * ```
 */
export const BASELINE_BODY = {
  status: "ok",
  uptimeSeconds: 1,
  actors: { running: 2, total: 2 },
} as const;

/**
 * Starts the baseline server on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts ignore
 * const server = startBaselineServer();
 * await server.shutdown();
 * ```
 */
export function startBaselineServer(): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => Response.json(BASELINE_BODY),
  );
}

if (import.meta.main) {
  const server = startBaselineServer();
  await serveUntilSignal(server.addr.port, () => server.shutdown());
}
