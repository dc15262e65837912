/**
 * Messages: one discriminated union of everything actors say to each other.
 *
 * @module
 */
export * from "./payloads.ts";
export * from "./batches.ts";
export * from "./envelope.ts";
export * from "./validate.ts";
export * from "./keys.ts";
