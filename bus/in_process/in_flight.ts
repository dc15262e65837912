/**
 * The deliveries a consumer holds, by delivery tag.
 *
 * @module
 */
import type { BrokerEntry, Mailbox } from "./mailbox.ts";

/**
 * A consumer's unacknowledged deliveries by tag, oldest first. Tags are
 * handed out in order (`add` takes the next one) and mostly come back in
 * order, so they live in a ring indexed by `tag - oldest`; a tag settled
 * out of order leaves a gap that closes when the ones before it settle.
 *
 * Why not a `Map`: one `set` and one `delete` per message made V8 rehash
 * the map's table again and again, and the broker thread's young-generation
 * collector kept each outgrown table (and what it pointed at) alive while an
 * old one pointed at it: a fifth of what survived its scavenges at 10k
 * msgs/s (bench/README.md). Here the two arrays only ever double, and every
 * slot is cleared as its delivery settles.
 *
 * @example
 * ```ts
 * import { Mailbox } from "./mailbox.ts";
 * const box = new Mailbox({ capacity: 10, overflow: "block" });
 * const held = new InFlight();
 * const entry = { id: "a", topic: "candle", message: {}, attempt: 1, at: 0, weight: 1 };
 * const tag = held.add(entry, box); // 1
 * held.settle(tag)?.entry === entry; // true
 * held.size; // 0
 * ```
 */
export class InFlight {
  #entries: (BrokerEntry | undefined)[] = new Array(16).fill(undefined);
  #boxes: (Mailbox | undefined)[] = new Array(16).fill(undefined);
  /** Ring index of the oldest tag still in the window. */
  #head = 0;
  /** The oldest tag in the window, and how many tags the window spans. */
  #oldest = 1;
  #span = 0;
  #size = 0;

  /** Deliveries held. */
  get size(): number {
    return this.#size;
  }

  /** Holds `entry` (from `box`) under the next tag, which it returns. */
  add(entry: BrokerEntry, box: Mailbox): number {
    if (this.#span === this.#entries.length) this.#grow();
    const at = (this.#head + this.#span) & (this.#entries.length - 1);
    this.#entries[at] = entry;
    this.#boxes[at] = box;
    this.#span++;
    this.#size++;
    return this.#oldest + this.#span - 1;
  }

  /** The delivery under `tag`, if it is held. */
  get(tag: number): { entry: BrokerEntry; box: Mailbox } | undefined {
    const at = this.#slot(tag);
    if (at === -1) return undefined;
    return { entry: this.#entries[at]!, box: this.#boxes[at]! };
  }

  /** Lets go of `tag`'s delivery and returns it; `undefined` if it was not held. */
  settle(tag: number): { entry: BrokerEntry; box: Mailbox } | undefined {
    const at = this.#slot(tag);
    if (at === -1) return undefined;
    const held = { entry: this.#entries[at]!, box: this.#boxes[at]! };
    this.#entries[at] = undefined;
    this.#boxes[at] = undefined;
    this.#size--;
    const mask = this.#entries.length - 1;
    while (this.#span > 0 && this.#entries[this.#head] === undefined) {
      this.#head = (this.#head + 1) & mask;
      this.#oldest++;
      this.#span--;
    }
    return held;
  }

  /** The oldest held tag, or `undefined` when nothing is held. */
  oldestTag(): number | undefined {
    return this.#span > 0 ? this.#oldest : undefined;
  }

  /** Every held delivery, oldest first. */
  *values(): IterableIterator<{ entry: BrokerEntry; box: Mailbox }> {
    const mask = this.#entries.length - 1;
    for (let i = 0; i < this.#span; i++) {
      const at = (this.#head + i) & mask;
      const entry = this.#entries[at];
      if (entry !== undefined) yield { entry, box: this.#boxes[at]! };
    }
  }

  #slot(tag: number): number {
    // Tags arrive in frames from other threads: only a number may match.
    if (typeof tag !== "number") return -1;
    const offset = tag - this.#oldest;
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.#span) return -1;
    const at = (this.#head + offset) & (this.#entries.length - 1);
    return this.#entries[at] === undefined ? -1 : at;
  }

  #grow(): void {
    const size = this.#entries.length;
    const entries: (BrokerEntry | undefined)[] = new Array(size * 2).fill(undefined);
    const boxes: (Mailbox | undefined)[] = new Array(size * 2).fill(undefined);
    for (let i = 0; i < this.#span; i++) {
      const at = (this.#head + i) & (size - 1);
      entries[i] = this.#entries[at];
      boxes[i] = this.#boxes[at];
      this.#entries[at] = undefined;
      this.#boxes[at] = undefined;
    }
    this.#entries = entries;
    this.#boxes = boxes;
    this.#head = 0;
  }
}
