import { getLogger, type Logger } from "@logtape/logtape";
import { createClient } from "redis";
import { redactUrl } from "../../../lib/redact_url.ts";
import { describeCommandError } from "../../../lib/redis_error.ts";
import { LuaScript, type RedisCommands } from "../../../lib/redis_script.ts";
import { reconnectOnceConnected, reportOutages } from "../../../lib/redis_outage.ts";
import { type RateLimitHit, type RateLimitStore, windowStart } from "./store.ts";

/**
 * Options of {@linkcode createRedisRateLimitStore}.
 *
 * @example
 * ```ts
 * const options: RedisRateLimitOptions = { url: "redis://127.0.0.1:6379", prefix: "ct" };
 * ```
 */
export interface RedisRateLimitOptions {
  url: string;
  /** Keys are `<prefix>:ratelimit:<client>:<window start>`. */
  prefix: string;
  /** Default `getLogger(["ct", "api", "ratelimit"])`. */
  logger?: Logger;
  /**
   * Longest a hit waits for Redis before it fails, ms. Default 500: the
   * check sits in front of every request it throttles.
   */
  timeoutMs?: number;
}

// INCR and the first hit's PEXPIRE in one script: atomic, so no key is left
// without an expiry, and one command, which node-redis times out and fails
// at once while disconnected (a MULTI would wait in its offline queue). Run
// by SHA: a request sends its key, not the script's text.
const HIT_SCRIPT = new LuaScript(
  "rate-limit hit",
  `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`,
);

/**
 * Rate-limit counters in Redis, shared by every API process using the same
 * prefix. One round trip per hit: a script that increments the key and
 * sets its expiry on the first hit. The window start is part of
 * the key and the TTL runs to a second past the window's end, measured on
 * this process's clock (relative, so a Redis server whose clock differs
 * does not expire keys early or keep them for ever).
 *
 * A hit fails, rather than waits, while Redis is unreachable or slower than
 * `timeoutMs`: {@linkcode withFallback} then counts in this process.
 *
 * @example
 * ```ts ignore
 * const store = await createRedisRateLimitStore({ url: "redis://127.0.0.1:6379", prefix: "ct" });
 * await store.hit("ip:10.0.0.1", 60_000, Date.now());
 * await store.close();
 * ```
 */
export async function createRedisRateLimitStore(
  options: RedisRateLimitOptions,
): Promise<RateLimitStore> {
  const logger = options.logger ?? getLogger(["ct", "api", "ratelimit"]);
  const url = redactUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 500;
  let connected = false;
  const client = createClient({
    url: options.url,
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    socket: { reconnectStrategy: reconnectOnceConnected(() => connected) },
  });
  reportOutages(client, {
    connected: () => connected,
    down: (error) =>
      logger.warn("rate-limit Redis {url} failed, reconnecting: {error}", { url, error }),
    up: () => logger.info("rate-limit Redis {url} is connected again", { url }),
  });
  try {
    await client.connect();
  } catch (e) {
    client.destroy();
    throw new Error(
      `rate-limit store could not connect to Redis at ${url}: ${
        e instanceof Error ? e.message : e
      }`,
      { cause: e },
    );
  }
  connected = true;
  await HIT_SCRIPT.prepare();
  const commands: RedisCommands = {
    sendCommand: <T>(args: ReadonlyArray<string>) =>
      (client.sendCommand([...args]) as Promise<T>).catch((e: unknown) => {
        throw describeCommandError(e, args[0] ?? "command", timeoutMs);
      }),
  };
  return {
    async hit(key: string, windowMs: number, now: number): Promise<RateLimitHit> {
      const start = windowStart(now, windowMs);
      const resetAt = start + windowMs;
      const redisKey = `${options.prefix}:ratelimit:${key}:${start}`;
      const ttl = resetAt - now + 1_000;
      const count = await HIT_SCRIPT.run(commands, [redisKey], [ttl]);
      if (typeof count !== "number") {
        throw new Error(`rate-limit hit on ${redisKey} returned ${JSON.stringify(count)}`);
      }
      return { count, resetAt };
    },
    async close() {
      connected = false;
      await client.close();
    },
  };
}
