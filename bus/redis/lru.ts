/**
 * A bounded set of recently handled message ids.
 *
 * @module
 */

/**
 * Remembers the last `capacity` ids, least recently seen evicted first. The
 * Redis bus keeps one per consumer group to skip redeliveries it already
 * handled; it is per process, so it narrows duplicates without removing them.
 *
 * @example
 * ```ts
 * const seen = new RecentIds(2);
 * seen.add("a"); seen.add("b"); seen.add("c");
 * seen.has("a"); // false: evicted
 * ```
 */
export class RecentIds {
  #ids = new Map<string, true>();

  /** @param capacity How many ids to remember. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RecentIds capacity must be a positive integer, received ${capacity}`);
    }
  }

  /** Whether `id` was added recently; a hit makes it the most recent again. */
  has(id: string): boolean {
    if (!this.#ids.has(id)) return false;
    this.#ids.delete(id);
    this.#ids.set(id, true);
    return true;
  }

  /** Records `id`, evicting the least recently seen id beyond capacity. */
  add(id: string): void {
    this.#ids.delete(id);
    this.#ids.set(id, true);
    if (this.#ids.size > this.capacity) {
      const oldest = this.#ids.keys().next();
      if (!oldest.done) this.#ids.delete(oldest.value);
    }
  }

  /** Number of ids remembered. */
  get size(): number {
    return this.#ids.size;
  }
}
