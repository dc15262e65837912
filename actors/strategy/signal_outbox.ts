/**
 * Signals stored and not yet published.
 *
 * @module
 */
import type { Signal } from "../../messages/mod.ts";

/**
 * Holds the signals the desk stored until each is published. A publish that
 * fails (Redis unreachable) leaves it and those after it here, and the next
 * flush, the bus's retry of the same delivery, sends them first: the desk
 * will not hand them out again, since they are stored. Signal ids derive
 * from their content, so a repeat is recognisable downstream.
 *
 * @example
 * ```ts ignore
 * const outbox = new SignalOutbox((s) => bus.publish(toMessage(s)));
 * outbox.add(await desk.onAnalyses(batch));
 * await outbox.flush();
 * ```
 */
export class SignalOutbox {
  #waiting: Signal[] = [];

  constructor(readonly publish: (signal: Signal) => Promise<void>) {}

  /** Signals waiting to be published. */
  get size(): number {
    return this.#waiting.length;
  }

  add(signals: readonly Signal[]): void {
    this.#waiting.push(...signals);
  }

  /** Publishes in order; on a failure keeps the rest and rethrows. */
  async flush(): Promise<void> {
    while (this.#waiting.length > 0) {
      await this.publish(this.#waiting[0]!);
      this.#waiting.shift();
    }
  }
}
