/**
 * The contract between an actor's logic and the runtime that hosts it.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Bus } from "../../bus/types.ts";
import type { Config } from "../../config/mod.ts";
import type { Clock } from "../../lib/clock.ts";
import type { Alert, Message } from "../../messages/mod.ts";
import type { QueryHook } from "../../store/types.ts";
import type { MetricJson } from "../../api/metrics/metric_json.ts";

/** Everything an actor may use: passed in, never module-level. */
export interface ActorContext {
  /** The actor's name (its child-spec id and consumer group). */
  name: string;
  config: Config;
  bus: Bus;
  clock: Clock;
  /** Category `["ct", name]`; every line carries the actor's name. */
  log: Logger;
  /** Pass to the actor's store: its query times reach `/metrics`. */
  onQuery?: QueryHook;
  /** Aborted when the actor must stop. */
  signal: AbortSignal;
  /**
   * Ends the actor normally (OTP's `normal` exit) once it has done its work:
   * it is stopped and drained as on shutdown, and its supervisor restarts it
   * only if it is `permanent` (a `transient` one stays stopped, as after any
   * exit of a `temporary` one). Returns at once; the stop follows.
   */
  finish(): void;
  /**
   * Publishes an alert message (labels get `actor` added). One the bus does
   * not take (Redis unreachable) goes to the supervisor, which publishes it
   * or hands it to this process's alerter.
   */
  alert(alert: Omit<Alert, "startsAt" | "state"> & Partial<Pick<Alert, "state">>): Promise<void>;
}

/** A running actor. */
export interface Actor {
  /** Stops intake and finishes the work in hand (it is drained after). */
  stop(): Promise<void>;
  /** Numbers for heartbeats and status, e.g. the collector's per-series lag. */
  stats?(): Record<string, unknown>;
  /** Extra metric families of this actor for `/metrics` (e.g. the alerter's rule values), read at scrape time. */
  metrics?(): MetricJson[];
  /**
   * Takes a message the supervisor hands over past the bus
   * (`Supervisor.handOver`: an alert the bus could not carry), with the
   * effect its delivery would have had. Nothing retries it: a failure is
   * logged, and the publisher announces it again later.
   */
  handOver?(message: Message): Promise<void>;
}

/**
 * Builds and starts an actor; resolves once it is ready to take messages.
 * Throwing a `FatalError` refuses to start (no restart); anything else is a
 * crash the supervisor restarts.
 */
export type ActorFactory = (ctx: ActorContext) => Promise<Actor>;
