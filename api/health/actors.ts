import type { ActorStatus } from "../../supervisor/status.ts";
import type { Check } from "./checks.ts";

/**
 * One readiness check per actor: it is `running` and its last heartbeat is
 * at most `heartbeatTimeoutMs` old at `now` (epoch ms).
 *
 * @example
 * ```ts
 * const [check] = actorChecks([{ id: "analyzer", state: "running", lastHeartbeat: 1_000 } as never],
 *   1_500, 10_000);
 * await check!.run(); // resolves: a heartbeat 0.5 s ago
 * ```
 */
export function actorChecks(
  statuses: readonly ActorStatus[],
  now: number,
  heartbeatTimeoutMs: number,
): Check[] {
  return statuses.map((s) => ({
    name: `actor:${s.id}`,
    run() {
      if (s.state !== "running") {
        const why = s.lastError ? ` (last error: ${s.lastError})` : "";
        return Promise.reject(new Error(`${s.id} is ${s.state}, not running${why}`));
      }
      if (s.lastHeartbeat === null) {
        return Promise.reject(new Error(`${s.id} has not sent a heartbeat yet`));
      }
      const age = now - s.lastHeartbeat;
      if (age > heartbeatTimeoutMs) {
        return Promise.reject(
          new Error(
            `${s.id}'s last heartbeat was ${age} ms ago (timeout ${heartbeatTimeoutMs} ms)`,
          ),
        );
      }
      return Promise.resolve({ detail: `heartbeat ${age} ms ago` });
    },
  }));
}
