import type { ActorStatus } from "../supervisor/status.ts";

/**
 * An actor's status as tests and benches build one: a running worker named
 * `analyzer` with no heartbeat yet and nothing counted, then `overrides`.
 * One place to add a field to, not one fixture per test file.
 *
 * @example
 * ```ts
 * const s = actorStatus({ id: "alerter", state: "failed", restarts: 3 });
 * s.isolation; // "worker"
 * ```
 */
export function actorStatus(overrides: Partial<ActorStatus> = {}): ActorStatus {
  return {
    id: "analyzer",
    state: "running",
    isolation: "worker",
    restarts: 0,
    restartsByReason: {},
    lastError: null,
    lastHeartbeat: null,
    mailbox: 0,
    messagesIn: 0,
    messagesOut: 0,
    heapBytes: 0,
    leakedThreads: 0,
    invalidFrames: 0,
    ...overrides,
  };
}
