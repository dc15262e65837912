/**
 * Decorating a bus: the same bus, with its subscriptions' handlers (and,
 * optionally, its publish) wrapped, for cross-cutting concerns of an actor's
 * bus (metrics, crash-on-`RestartError`).
 *
 * @module
 */
import type { BatchHandler, Bus, Handler } from "./types.ts";

/** How {@linkcode wrapBus} decorates a bus. */
export interface BusWrappers {
  /** Wraps each subscription's handler. */
  handler?: (handler: Handler) => Handler;
  /** Wraps each subscription's batch handler. */
  batch?: (handler: BatchHandler) => BatchHandler;
  /** Replaces publish; it receives the wrapped bus's own. */
  publish?: (publish: Bus["publish"]) => Bus["publish"];
}

/**
 * `bus` with its handlers and publish decorated as `wrappers` says; the
 * rest passes through.
 *
 * @example
 * ```ts ignore
 * const counted = wrapBus(bus, { handler: (h) => (m, i) => (count++, h(m, i)) });
 * ```
 */
export function wrapBus(bus: Bus, wrappers: BusWrappers): Bus {
  const { handler = (h) => h, batch = (h) => h } = wrappers;
  const publish = (message: Parameters<Bus["publish"]>[0]) => bus.publish(message);
  return {
    publish: wrappers.publish ? wrappers.publish(publish) : publish,
    declare: (group, topics) => bus.declare(group, topics),
    subscribe: (options) =>
      bus.subscribe({
        ...options,
        handler: handler(options.handler),
        batch: options.batch && { ...options.batch, handler: batch(options.batch.handler) },
      }),
    deadLetters: (limit) => bus.deadLetters(limit),
    stats: () => bus.stats(),
    clientStats: () => bus.clientStats(),
    close: () => bus.close(),
  };
}
