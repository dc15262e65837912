/**
 * The supervisor: starts actors as Web Workers or child processes, restarts
 * them on failure, catches hangs by heartbeat, and stops them in order.
 *
 * @module
 */
export * from "./child_spec.ts";
export * from "./status.ts";
export * from "./supervisor.ts";
export { RestartIntensity } from "./intensity.ts";
