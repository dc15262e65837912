/**
 * Configuration: one typed, validated `Config`.
 *
 * @module
 */
export * from "./schema.ts";
export * from "./load.ts";
export * from "./redact.ts";
export { envVars } from "./env.ts";
export { derivedEnvName, derivedEnvVars } from "./derived_env.ts";
export type { Layer } from "./layers.ts";
