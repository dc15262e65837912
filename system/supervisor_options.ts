import type { Logger } from "@logtape/logtape";
import type { ClockSpec } from "../actors/runtime/frames.ts";
import type { Config } from "../config/mod.ts";
import type { ChildSpec, SupervisorOptions } from "../supervisor/mod.ts";

/**
 * The supervisor's options as the configuration sets them: the one mapping
 * from `Config` to restart policy, backoff and heartbeats.
 *
 * @example
 * ```ts ignore
 * const supervisor = new Supervisor({ ...supervisorOptions(config, specs, clock, log), transport });
 * ```
 */
export function supervisorOptions(
  config: Config,
  specs: readonly ChildSpec[],
  clock: ClockSpec,
  log: Logger,
): Omit<SupervisorOptions, "transport" | "alert"> {
  const s = config.supervisor;
  return {
    specs,
    strategy: s.strategy,
    intensity: s.intensity,
    periodMs: s.periodMs,
    backoff: { initialMs: s.backoffInitialMs, maxMs: s.backoffMaxMs },
    onEscalation: s.onEscalation,
    onLeakedThread: s.onLeakedThread,
    heartbeatIntervalMs: s.heartbeatIntervalMs,
    heartbeatTimeoutMs: s.heartbeatTimeoutMs,
    statusIntervalMs: s.statusIntervalMs,
    config,
    clock,
    log,
  };
}
