import { createClient } from "redis";
import { redactUrl } from "../../lib/redact_url.ts";
import type { Check } from "./checks.ts";

/**
 * Readiness of Redis: a fresh connection answers `PING`. A fresh client per
 * check (closed at once) has no reconnect loop to outlive the check, and a
 * Redis that went away and came back is seen as soon as it is back.
 *
 * @example
 * ```ts ignore
 * await redisCheck("redis://127.0.0.1:6379", 2_000).run();
 * ```
 */
export function redisCheck(url: string, connectTimeoutMs: number): Check {
  return {
    name: "redis",
    async run() {
      const client = createClient({
        url,
        socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: false },
        disableOfflineQueue: true,
      });
      // node-redis emits "error" for a failed connect; the rejection below reports it.
      client.on("error", () => {});
      try {
        await client.connect();
        const reply = await client.ping();
        if (reply !== "PONG") throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
        return { detail: redactUrl(url) };
      } catch (e) {
        throw new Error(
          `Redis at ${redactUrl(url)} unreachable: ${e instanceof Error ? e.message : e}`,
          { cause: e },
        );
      } finally {
        try {
          client.destroy();
        } catch {
          // Never connected: nothing to close.
        }
      }
    },
  };
}
