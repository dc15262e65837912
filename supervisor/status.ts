/** Lifecycle state of a supervised actor. */
export type ActorState = "starting" | "running" | "restarting" | "failed" | "stopped";

/** What the supervisor knows about one actor, for the API, CLI and status log. */
export interface ActorStatus {
  id: string;
  state: ActorState;
  isolation: "worker" | "process";
  restarts: number;
  restartsByReason: Record<string, number>;
  lastError: string | null;
  /** Epoch ms of the last heartbeat, null before the first. */
  lastHeartbeat: number | null;
  mailbox: number;
  messagesIn: number;
  messagesOut: number;
  heapBytes: number;
  /** Hung worker threads that could not be stopped (they spin until the process exits). */
  leakedThreads: number;
  /**
   * Frames from the actor, over all its incarnations, that were neither a
   * heartbeat nor a control message the supervisor expects; each was logged
   * and dropped (a bug in the actor's runtime, never data).
   */
  invalidFrames: number;
}

/**
 * One log line summarising every actor at `now` (epoch ms): state, restarts,
 * heartbeat age (`hb-` before the first), messages in and out, mailbox, heap.
 *
 * @example
 * ```ts
 * formatStatusLine([{ id: "analyzer", state: "running", restarts: 1, lastHeartbeat: 9_600,
 *   mailbox: 0, messagesIn: 5, messagesOut: 5, heapBytes: 8e6 } as ActorStatus], 10_000);
 * // "analyzer=running r1 hb0.4s in5 out5 mb0 heap8MB"
 * ```
 */
export function formatStatusLine(statuses: readonly ActorStatus[], now: number): string {
  return statuses.map((s) => {
    const age = s.lastHeartbeat === null ? "-" : `${((now - s.lastHeartbeat) / 1000).toFixed(1)}s`;
    return `${s.id}=${s.state} r${s.restarts} hb${age} in${s.messagesIn} out${s.messagesOut} mb${s.mailbox} heap${
      Math.round(s.heapBytes / 1e6)
    }MB${s.leakedThreads ? ` leaked${s.leakedThreads}` : ""}`;
  }).join(" ");
}
