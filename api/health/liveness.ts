import type { ActorStatus } from "../../supervisor/status.ts";

/** The liveness answer: the process serves and its supervisor answers. */
export interface LivenessReport {
  status: "ok";
  uptimeSeconds: number;
  actors: { total: number; running: number };
}

/**
 * Builds the liveness report. It does not judge the actors (that is
 * readiness): a process whose supervisor answers is alive, and restarting it
 * would not help an actor whose database is down.
 *
 * @example
 * ```ts
 * liveness([], 0, 5_000); // { status: "ok", uptimeSeconds: 5, actors: { total: 0, running: 0 } }
 * ```
 */
export function liveness(
  statuses: readonly ActorStatus[],
  startedAt: number,
  now: number,
): LivenessReport {
  return {
    status: "ok",
    uptimeSeconds: Math.round((now - startedAt) / 100) / 10,
    actors: {
      total: statuses.length,
      running: statuses.filter((s) => s.state === "running").length,
    },
  };
}
