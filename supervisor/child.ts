/**
 * What a supervisor keeps about one child across its incarnations: its
 * state, restart counts and last error, and the incarnation now running.
 *
 * @module
 */
import type { ChildRun, DownReason } from "./child_run.ts";
import type { ChildSpec } from "./child_spec.ts";
import { RestartIntensity } from "./intensity.ts";
import type { ActorState, ActorStatus } from "./status.ts";

/** One supervised child; a restart replaces its `run` and keeps the rest. */
export interface Child {
  spec: ChildSpec;
  state: ActorState;
  run?: ChildRun;
  intensity: RestartIntensity;
  /** Restarts since the child last ran a whole period without trouble (for the backoff). */
  consecutive: number;
  restarts: number;
  restartsByReason: Record<string, number>;
  lastError: string | null;
  leakedThreads: number;
  invalidFrames: number;
  /** A scheduled restart. */
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * A child not started yet, allowed `intensity` restarts within `periodMs`.
 *
 * @example
 * ```ts
 * import type { ChildSpec } from "./child_spec.ts";
 * declare const spec: ChildSpec;
 * const c = newChild(spec, 3, 60_000);
 * c.state; // "stopped"
 * ```
 */
export function newChild(spec: ChildSpec, intensity: number, periodMs: number): Child {
  return {
    spec,
    state: "stopped",
    intensity: new RestartIntensity(intensity, periodMs),
    consecutive: 0,
    restarts: 0,
    restartsByReason: {},
    lastError: null,
    leakedThreads: 0,
    invalidFrames: 0,
  };
}

/**
 * Counts a restart of `c` for `reason`.
 *
 * @example
 * ```ts
 * declare const c: Child;
 * countRestart(c, "crash"); // c.restarts and c.restartsByReason.crash each go up by one
 * ```
 */
export function countRestart(c: Child, reason: string): void {
  c.restarts++;
  c.restartsByReason[reason] = (c.restartsByReason[reason] ?? 0) + 1;
}

/**
 * Whether `c` is restarted after going down for `reason`, by its restart type.
 *
 * @example
 * ```ts
 * declare const c: Child; // c.spec.restart is "transient"
 * restartsAfter(c, "normal"); // false
 * restartsAfter(c, "crash"); // true
 * ```
 */
export function restartsAfter(c: Child, reason: DownReason): boolean {
  return c.spec.restart === "permanent" || (c.spec.restart === "transient" && reason !== "normal");
}

/**
 * What `c` reports in `Supervisor.status()`.
 *
 * @example
 * ```ts
 * declare const children: Child[];
 * const statuses = children.map(childStatus);
 * ```
 */
export function childStatus(c: Child): ActorStatus {
  return {
    id: c.spec.id,
    state: c.state,
    isolation: c.spec.isolation,
    restarts: c.restarts,
    restartsByReason: { ...c.restartsByReason },
    lastError: c.lastError,
    lastHeartbeat: c.run?.heartbeat ? c.run.lastHeartbeatAt : null,
    mailbox: c.run?.heartbeat?.mailbox ?? 0,
    messagesIn: c.run?.heartbeat?.messagesIn ?? 0,
    messagesOut: c.run?.heartbeat?.messagesOut ?? 0,
    heapBytes: c.run?.heartbeat?.heapUsed ?? 0,
    leakedThreads: c.leakedThreads,
    invalidFrames: c.invalidFrames,
  };
}
