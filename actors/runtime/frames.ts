/**
 * Lifecycle frames between the supervisor and an actor, sharing the link
 * with the bus frames (`bus/in_process/frames.ts`). Control and heartbeat
 * travel as validated messages of the one message union.
 *
 * @module
 */
import type { InHand } from "../../bus/in_process/frames.ts";
import type { Config } from "../../config/mod.ts";

/** How the actor builds its clock so every actor agrees on (simulated) time. */
export interface ClockSpec {
  /** Simulated epoch ms at `realStart`. */
  start: number;
  /** Wall-clock epoch ms at which the simulated clock read `start`. */
  realStart: number;
  /** Simulated ms per real ms; 1 for live markets. */
  speed: number;
}

/** Supervisor → actor. */
export type ParentFrame =
  | { t: "init"; name: string; config: Config; heartbeatMs: number; clock: ClockSpec }
  | { t: "msg"; message: unknown }
  /** Asks for the actor's metrics and stats (a scrape or a readiness check). */
  | { t: "metrics"; id: number }
  /**
   * To a worker only, carrying a port the actor must neither use nor close:
   * the host learns from it that the worker's thread ended
   * (`supervisor/hosts/worker_host.ts`).
   */
  | { t: "thread-watch" };

/** Actor → supervisor. */
export type ChildFrame =
  | { t: "ready" }
  /** A heartbeat, or an alert the actor's own bus client did not take. */
  | { t: "msg"; message: unknown }
  /** A caught error the actor cannot go on from; it exits after sending this. */
  | {
    t: "crash";
    error: string;
    fatal: boolean;
    exitCode?: number;
    /** In-process bus deliveries being handled: the crash is charged to them. */
    inHand?: InHand[];
  }
  /**
   * Drained and about to exit: the answer to `drain`, or, unasked, the actor
   * finished (`ActorContext.finish`, OTP's normal exit).
   */
  | { t: "stopped" }
  /**
   * The answer to a `metrics` request: the actor's prom-client registry as
   * JSON (`getMetricsAsJSON()`), its `stats()`, and its clock's time.
   */
  | { t: "metrics"; id: number; now: number; metrics: unknown[]; stats: Record<string, unknown> };
