/**
 * How the project's long-lived node-redis clients ride out a Redis outage:
 * the first connect fails at once (a wrong URL is a start-up error), later
 * drops reconnect with a capped backoff, and each outage is reported once
 * when it starts and once when it ends, not once per reconnect attempt.
 *
 * @module
 */

/** The event surface of a node-redis client. */
export interface RedisEvents {
  on(event: "error" | "ready", listener: (e?: unknown) => void): unknown;
}

/**
 * A `socket.reconnectStrategy`: before `connected()` the cause is returned
 * (node-redis then fails the connect), after it 50 ms doubling to 2 s.
 *
 * @example
 * ```ts
 * let connected = false;
 * const strategy = reconnectOnceConnected(() => connected);
 * strategy(0, new Error("ECONNREFUSED")); // the error: fail the first connect
 * connected = true;
 * strategy(3, new Error("ECONNRESET")); // 400 (ms)
 * ```
 */
export function reconnectOnceConnected(
  connected: () => boolean,
): (retries: number, cause: Error) => number | Error {
  return (retries, cause) => connected() ? Math.min(50 * 2 ** retries, 2_000) : cause;
}

/** Options of {@linkcode reportOutages}. */
export interface OutageReport {
  /** Whether the first connect succeeded; failures before it are the caller's to report. */
  connected: () => boolean;
  /** The client failed after connecting; called once per outage. */
  down: (error: string) => void;
  /** The client is ready again after an outage. */
  up: () => void;
}

/**
 * Listens for `error` (without a listener node-redis throws it) and `ready`,
 * calling `down` at an outage's first error and `up` when it ends.
 *
 * @example
 * ```ts ignore
 * reportOutages(client, {
 *   connected: () => connected,
 *   down: (error) => log.warn("Redis failed: {error}", { error }),
 *   up: () => log.info("Redis is back"),
 * });
 * ```
 */
export function reportOutages(client: RedisEvents, report: OutageReport): void {
  let outage = false;
  client.on("error", (e) => {
    if (!report.connected() || outage) return;
    outage = true;
    report.down(String(e));
  });
  client.on("ready", () => {
    if (!outage) return;
    outage = false;
    report.up();
  });
}
