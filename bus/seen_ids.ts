/**
 * A bounded set of recently handled message ids, oldest evicted first, so a
 * redelivered message already handled here is acknowledged without running
 * its handler again.
 *
 * Eviction walks a ring of the ids in insertion order: evicting through
 * `Set#values().next()` is O(holes) in V8, since deleted entries stay as
 * holes until a rehash, and measured ~4.5 µs per message at 10,000 ids.
 *
 * @example
 * ```ts
 * const seen = new SeenIds(2);
 * seen.add("a"); seen.add("b"); seen.add("c");
 * seen.has("a"); // false: evicted
 * ```
 */
export class SeenIds {
  readonly #ids = new Set<string>();
  readonly #ring: (string | undefined)[];
  #next = 0;

  constructor(readonly capacity: number) {
    this.#ring = new Array(capacity);
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    if (this.#ids.has(id)) return;
    const evicted = this.#ring[this.#next];
    if (evicted !== undefined) this.#ids.delete(evicted);
    this.#ring[this.#next] = id;
    this.#next = (this.#next + 1) % this.capacity;
    this.#ids.add(id);
  }
}
