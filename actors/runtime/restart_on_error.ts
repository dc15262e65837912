/**
 * Gives {@linkcode RestartError} its meaning for bus handlers.
 *
 * @module
 */
import type { Bus, Handler } from "../../bus/types.ts";
import { RestartError } from "../../lib/errors.ts";

/**
 * `bus` with every subscription's handlers watched for a
 * {@linkcode RestartError}: instead of the bus retrying the delivery in the
 * same (untrustworthy) state, the actor crashes with the delivery still in
 * hand, unacknowledged, so the supervisor restarts it and the new
 * incarnation, rebuilt from the store, gets the message again. The failing
 * call never settles: settling would let the bus retry or ack it first.
 *
 * @example
 * ```ts ignore
 * const actorBus = restartOnError(bus, crash); // crash reports and exits the worker
 * ```
 */
export function restartOnError(bus: Bus, crash: (error: unknown) => void): Bus {
  const watch =
    <A extends unknown[]>(handler: (...args: A) => Promise<void> | void) =>
    async (...args: A): Promise<void> => {
      try {
        await handler(...args);
      } catch (e) {
        if (!(e instanceof RestartError)) throw e;
        crash(e);
        await new Promise<never>(() => {});
      }
    };
  return {
    publish: (message) => bus.publish(message),
    declare: (group, topics) => bus.declare(group, topics),
    subscribe: (options) =>
      bus.subscribe({
        ...options,
        handler: watch<Parameters<Handler>>(options.handler),
        batch: options.batch && { ...options.batch, handler: watch(options.batch.handler) },
      }),
    deadLetters: (limit) => bus.deadLetters(limit),
    stats: () => bus.stats(),
    close: () => bus.close(),
  };
}
