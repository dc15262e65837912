/**
 * Gives {@linkcode RestartError} its meaning for bus handlers.
 *
 * @module
 */
import type { Bus } from "../../bus/types.ts";
import { wrapBus } from "../../bus/wrap.ts";
import { RestartError } from "../../lib/errors.ts";

/**
 * `bus` with every subscription's handlers watched for a
 * {@linkcode RestartError}: instead of the bus retrying the delivery in the
 * same (untrustworthy) state, the actor crashes with the delivery still in
 * hand, unacknowledged, so the supervisor restarts it and the new
 * incarnation, rebuilt from the store, gets the message again. The failing
 * call never settles: settling would let the bus retry or ack it first.
 * Other results and errors pass through unchanged.
 *
 * @example
 * ```ts ignore
 * const actorBus = restartOnError(bus, crash); // crash reports and exits the worker
 * ```
 */
export function restartOnError(bus: Bus, crash: (error: unknown) => void): Bus {
  const onError = (e: unknown): Promise<never> => {
    if (!(e instanceof RestartError)) throw e;
    crash(e);
    return new Promise<never>(() => {});
  };
  // A synchronous handler stays synchronous: the transport takes a plain
  // return without a turn of the event loop.
  const watch =
    <A extends unknown[]>(handler: (...args: A) => Promise<void> | void) =>
    (...args: A): Promise<void> | void => {
      let result;
      try {
        result = handler(...args);
      } catch (e) {
        return onError(e);
      }
      return result instanceof Promise ? result.catch(onError) : result;
    };
  return wrapBus(bus, { handler: watch, batch: watch });
}
