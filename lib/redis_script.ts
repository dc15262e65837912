/**
 * Running Lua scripts by SHA with a fallback to loading them: the Redis
 * bus's scripts and the rate limiter's.
 *
 * @module
 */

/** What a script runs on: raw commands in, replies out (a node-redis client's `sendCommand`). */
export interface RedisCommands {
  sendCommand<T = unknown>(args: ReadonlyArray<string>): Promise<T>;
}

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A Lua script run with `EVALSHA`; after a `NOSCRIPT` (e.g. the server
 * restarted or flushed its script cache) it is loaded again and retried once.
 *
 * @example
 * ```ts
 * declare const conn: RedisCommands;
 * const echo = new LuaScript("echo", "return ARGV[1]");
 * await echo.run(conn, [], ["hi"]); // "hi"
 * ```
 */
export class LuaScript {
  #sha: string | undefined;

  /**
   * @param name Named in errors.
   * @param source The Lua source.
   */
  constructor(readonly name: string, readonly source: string) {}

  /** Computes the SHA up front so {@linkcode run} issues its command synchronously. */
  async prepare(): Promise<this> {
    this.#sha ??= await sha1Hex(this.source);
    return this;
  }

  /**
   * Runs the script with `keys` and `args`. Once prepared, the command is
   * queued before this returns, so it keeps its place among commands issued
   * on the same connection in the same tick.
   */
  run<T = unknown>(
    conn: RedisCommands,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<T> {
    const sha = this.#sha;
    if (sha === undefined) return this.prepare().then(() => this.run<T>(conn, keys, args));
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    return conn.sendCommand<T>(["EVALSHA", sha, ...tail]).catch(async (e: unknown) => {
      if (!String(e).includes("NOSCRIPT")) {
        throw new Error(
          `Redis script ${this.name} failed: ${e instanceof Error ? e.message : e}`,
          { cause: e },
        );
      }
      await conn.sendCommand(["SCRIPT", "LOAD", this.source]);
      return await conn.sendCommand<T>(["EVALSHA", sha, ...tail]);
    });
  }
}
