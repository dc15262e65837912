/**
 * Serving the API with `Deno.serve`, and the start-up warning about an
 * unprotected API reachable from other hosts.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Config } from "../config/mod.ts";
import type { ApiApp } from "./deps.ts";

/**
 * Whether `host` only accepts connections from this machine.
 *
 * @example
 * ```ts
 * isLoopbackHost("127.0.0.1"); // true
 * isLoopbackHost("0.0.0.0"); // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The warning to log at start-up, or `null` when there is nothing to warn
 * about: without an API key, anyone who can reach a non-loopback address
 * can restart actors.
 *
 * @example
 * ```ts
 * unprotectedWarning({ host: "0.0.0.0", port: 8000 }); // "API on 0.0.0.0:8000 has NO API key: …"
 * unprotectedWarning({ host: "127.0.0.1", port: 8000 }); // null
 * ```
 */
export function unprotectedWarning(
  api: Pick<Config["api"], "host" | "port" | "apiKey">,
): string | null {
  if (api.apiKey !== undefined || isLoopbackHost(api.host)) return null;
  return `API on ${api.host}:${api.port} has NO API key: anyone who can reach it can call ` +
    "mutating routes (restart actors). Set API_KEY, or bind api.host to 127.0.0.1.";
}

/**
 * Options of {@linkcode serveApi}.
 *
 * @example
 * ```ts ignore
 * const options: ServeApiOptions = { app, api: config.api, logger };
 * ```
 */
export interface ServeApiOptions {
  app: ApiApp;
  api: Pick<Config["api"], "host" | "port" | "apiKey">;
  logger: Logger;
}

/**
 * Starts `Deno.serve` on `api.host`/`api.port` (0: any free port) and logs
 * where it listens, warning loudly when mutating routes are unprotected.
 * Stop it with `server.shutdown()`.
 *
 * @throws when the address cannot be bound, naming it.
 *
 * @example
 * ```ts ignore
 * const server = serveApi({ app, api: config.api, logger });
 * await server.shutdown();
 * ```
 */
export function serveApi(options: ServeApiOptions): Deno.HttpServer<Deno.NetAddr> {
  const { app, api, logger } = options;
  const warning = unprotectedWarning(api);
  if (warning) logger.warn(warning);
  try {
    return Deno.serve({
      hostname: api.host,
      port: api.port,
      onListen: (addr) => {
        const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
        // Spelled out rather than templated: LogTape quotes string values in
        // a message, which would print an address no one can paste.
        const url = `http://${host}:${addr.port}`;
        logger.info(`API listening on ${url} (docs at ${url}/docs)`, { url, port: addr.port });
      },
      onError: (e) => {
        logger.error("API request failed outside the app: {error}", { error: String(e) });
        return new Response("internal server error", { status: 500 });
      },
    }, app.fetch);
  } catch (e) {
    throw new Error(
      `API could not listen on ${api.host}:${api.port}: ${e instanceof Error ? e.message : e}`,
      { cause: e },
    );
  }
}
