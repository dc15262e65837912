/**
 * What becomes of a departed consumer's deliveries: they go back to the
 * front of their mailboxes, except a message that consumers keep dying on,
 * which would otherwise take down every consumer after them.
 *
 * @module
 */
import type { InFlight } from "./in_flight.ts";
import type { BrokerEntry } from "./mailbox.ts";

/**
 * Hands back every delivery `held` by a consumer that left, in order. After
 * a crash the deliveries in `inHand` (or, unnamed, the oldest held) count an
 * attempt; one whose `attempt` then exceeds `maxAttempts` is settled and
 * given to `spent` instead of being requeued (its `attempt` counts the
 * delivery it would have been next).
 *
 * @example
 * ```ts
 * import { InFlight } from "./in_flight.ts";
 * import { Mailbox } from "./mailbox.ts";
 * const box = new Mailbox({ capacity: 10, overflow: "block" });
 * box.offer({ id: "a", topic: "candle", message: {}, attempt: 1, at: 0, weight: 1 });
 * const held = new InFlight();
 * held.add(box.take()!, box);
 * handBack(held, true, undefined, 5, () => {});
 * box.take()?.attempt; // 2: back at the front, the crash counted
 * ```
 */
export function handBack(
  held: InFlight,
  crashed: boolean,
  inHand: readonly number[] | undefined,
  maxAttempts: number,
  spent: (entry: BrokerEntry) => void,
): void {
  if (crashed) {
    for (const tag of inHand ?? [held.oldestTag()]) {
      const delivery = tag === undefined ? undefined : held.get(tag);
      if (delivery) delivery.entry.attempt++;
    }
  }
  const deliveries = [...held.values()];
  // Newest first, each to the front: they end up in their original order.
  for (let i = deliveries.length - 1; i >= 0; i--) {
    const { entry, box } = deliveries[i]!;
    if (entry.attempt > maxAttempts) {
      box.settle(entry);
      spent(entry);
    } else box.requeueFront(entry);
  }
}
