/**
 * Child specifications, in Erlang/OTP's vocabulary.
 *
 * @module
 */
import type { Topic } from "../messages/mod.ts";

/**
 * When a child that stopped is restarted: `permanent` always, `transient`
 * only after an abnormal exit (crash, hang, start timeout), not after a
 * normal one (`ActorContext.finish`), `temporary` never.
 */
export type RestartType = "permanent" | "transient" | "temporary";

/**
 * Where a child runs. A `worker` is a Web Worker: cheap and fast, but a
 * worker stuck in a busy loop cannot be stopped (`terminate()` leaves the
 * thread spinning, denoland/deno#35657). A `process` is a child `deno`
 * process: ~55 ms to start, and SIGKILL reclaims it for real.
 */
export type Isolation = "worker" | "process";

/** How the supervisor starts, watches and restarts one actor. */
export interface ChildSpec {
  /** Unique name; also the actor's consumer group. */
  id: string;
  /** The actor's entry module (it calls `serveActor`). */
  module: URL;
  restart: RestartType;
  isolation: Isolation;
  /** Time allowed to drain and stop before it is killed. */
  shutdownMs: number;
  /** Heap above which the actor is restarted gracefully (the memory watchdog). */
  maxHeapBytes: number;
  /** Topics it consumes, declared before any child starts so nothing is missed. */
  consumes: readonly Topic[];
}
