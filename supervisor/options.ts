/**
 * What a `Supervisor` is given: its children, restart policy,
 * heartbeat bounds and collaborators; and the alerts it raises.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { ClockSpec } from "../actors/runtime/frames.ts";
import type { InProcessTransport } from "../bus/in_process/mod.ts";
import type { Config } from "../config/mod.ts";
import type { BackoffOptions } from "../lib/backoff.ts";
import type { MessageOf } from "../messages/mod.ts";
import type { ChildSpec } from "./child_spec.ts";

/**
 * An alert the supervisor raises; the caller publishes it. Only events no
 * alerting rule can see in `status()` are raised here (`ActorThreadLeaked`);
 * a failed actor and a memory recycle are the `ActorFailed` and
 * `ActorMemoryRecycled` rules' (alerting/rules), read from `status()`.
 */
export interface SupervisorAlert {
  alertname: string;
  severity: "info" | "warning" | "critical";
  actor: string;
  summary: string;
}

/** Options of `Supervisor` (`supervisor.ts`). */
export interface SupervisorOptions {
  /** Children in start order; they stop in reverse. */
  specs: readonly ChildSpec[];
  strategy: "one_for_one" | "rest_for_one";
  intensity: number;
  periodMs: number;
  backoff: BackoffOptions;
  /** Past the intensity: keep the others running, or stop all and exit non-zero. */
  onEscalation: "degrade" | "exit";
  /**
   * A hung worker's thread could not be stopped: report it and go on (it
   * spins until the process exits), or stop all and exit non-zero so an
   * outer supervisor starts the process again with the core reclaimed.
   * Default `report`.
   */
  onLeakedThread?: "report" | "exit";
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  startTimeoutMs?: number;
  statusIntervalMs?: number;
  config: Config;
  clock: ClockSpec;
  /** The in-process bus; absent when actors use Redis themselves. */
  transport?: InProcessTransport;
  log: Logger;
  /** Raises an event alert (see {@linkcode SupervisorAlert}). */
  alert?: (alert: SupervisorAlert) => void;
  /**
   * Takes an alert an actor raised that its own bus client did not take
   * (Redis unreachable): the caller publishes it, or hands it to this
   * process's alerter. Without it, such an alert is dropped with a warning.
   */
  relayAlert?: (message: MessageOf<"alert">) => void;
  /** Called for every restart scheduled (metrics count them). */
  onRestart?: (actor: string, reason: string, delayMs: number) => void;
  now?: () => number;
  random?: () => number;
}
