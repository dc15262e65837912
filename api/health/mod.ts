/**
 * Liveness and readiness: `GET /health` says the process and its supervisor
 * answer; `GET /ready` runs one check per dependency (storage, Redis, every
 * actor's heartbeat, the exchange), each with a deadline, and answers 503
 * with the failing ones.
 *
 * @example
 * ```ts
 * import { runChecks } from "./mod.ts";
 * const report = await runChecks([{ name: "up", run: () => Promise.resolve() }], 1_000);
 * report.status; // "ready"
 * ```
 *
 * @module
 */
export * from "./actors.ts";
export * from "./checks.ts";
export * from "./exchange.ts";
export * from "./liveness.ts";
export * from "./redis.ts";
export * from "./routes.ts";
export * from "./storage.ts";
export * from "./timeout.ts";
