/**
 * The second yardstick: Hono alone (no middleware) answering the
 * baseline's JSON body on every path, the setting in which the issue found
 * Hono "at parity with bare `Deno.serve`". Measured in the same run, it
 * tells how much of the app's distance to bare is the framework's own and
 * how much the middleware's.
 *
 * Run: `deno run -A bench/api/hono_server.ts` (prints `LISTENING <port>`,
 * stops on SIGTERM).
 *
 * @module
 */
import { Hono } from "hono";
import { BASELINE_BODY } from "./baseline_server.ts";
import { serveUntilSignal } from "./serve_cli.ts";

/**
 * Starts Hono alone on 127.0.0.1 and a free port.
 *
 * @example
 * ```ts ignore
 * const server = startHonoServer();
 * await server.shutdown();
 * ```
 */
export function startHonoServer(): Deno.HttpServer<Deno.NetAddr> {
  const app = new Hono();
  app.get("*", function json(c) {
    return c.json(BASELINE_BODY);
  });
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
}

if (import.meta.main) {
  const server = startHonoServer();
  await serveUntilSignal(server.addr.port, () => server.shutdown());
}
