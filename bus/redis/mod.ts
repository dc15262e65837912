/**
 * The Redis Streams transport of the message bus. Guarantees, key layout and
 * options are in `bus/redis/README.md`.
 *
 * @example
 * ```ts
 * import { createRedisBus } from "./mod.ts";
 * const bus = await createRedisBus({ url: "redis://127.0.0.1:6379", prefix: "ct" });
 * const sub = await bus.subscribe({ group: "analyzer", topics: ["candle"], handler: () => {} });
 * await sub.close();
 * await bus.close();
 * ```
 *
 * @module
 */
export { createRedisBus, type RedisBus } from "./bus.ts";
export type { RedisBusOptions } from "./options.ts";
export { partitionOf, RedisBusKeys } from "./keys.ts";
export { encodeRaw } from "./wire.ts";
