/**
 * Connecting node-redis clients for the bus, with errors that name the URL.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import { createClient } from "redis";
import { redactUrl } from "../../lib/redact_url.ts";
import { describeCommandError } from "../../lib/redis_error.ts";
import { reconnectOnceConnected, reportOutages } from "../../lib/redis_outage.ts";

/** The slice of a node-redis client the bus uses: raw commands in, RESP2 replies out. */
export interface RedisConn {
  sendCommand<T = unknown>(args: ReadonlyArray<string>): Promise<T>;
}

/**
 * Longest a command waits for its reply: node-redis's own default, set here
 * so that a timeout's error can say how long it waited. Blocking reads block
 * for less (`blockMs`, at most 2 s by default).
 */
export const COMMAND_TIMEOUT_MS = 5_000;

/** A connected client the bus owns. */
export interface OwnedConn extends RedisConn {
  /** Graceful close: waits for commands in flight. */
  close(): Promise<void>;
  /** Drops the socket at once; pending commands reject. */
  destroy(): void;
}

/**
 * Connects one RESP2 client. The first connection fails fast with the
 * (redacted) URL in the message; after that node-redis reconnects with backoff.
 *
 * @example
 * ```ts
 * import { getLogger } from "@logtape/logtape";
 * const conn = await connectRedis("redis://127.0.0.1:6379", getLogger(["ct"]), "bus");
 * await conn.sendCommand(["PING"]);
 * await conn.close();
 * ```
 */
export async function connectRedis(url: string, logger: Logger, role: string): Promise<OwnedConn> {
  let connected = false;
  const client = createClient({
    url,
    RESP: 2,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: { reconnectStrategy: reconnectOnceConnected(() => connected) },
  });
  reportOutages(client, {
    connected: () => connected,
    down: (error) =>
      logger.warn("Redis bus {role} connection to {url} failed, reconnecting: {error}", {
        role,
        url: redactUrl(url),
        error,
      }),
    up: () =>
      logger.info("Redis bus {role} connection to {url} is back", { role, url: redactUrl(url) }),
  });
  try {
    await client.connect();
  } catch (e) {
    client.destroy();
    throw new Error(
      `Redis bus could not connect to ${redactUrl(url)}: ${e instanceof Error ? e.message : e}`,
      { cause: e },
    );
  }
  connected = true;
  return {
    sendCommand: <T>(args: ReadonlyArray<string>) =>
      (client.sendCommand(args as string[]) as Promise<T>).catch((e: unknown) => {
        throw describeCommandError(e, args[0] ?? "command", COMMAND_TIMEOUT_MS);
      }),
    close: () => client.close(),
    destroy: () => client.destroy(),
  };
}
