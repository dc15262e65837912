/**
 * A bounded set of recently handled message ids, oldest evicted first, so a
 * redelivered message already handled here is acknowledged without running
 * its handler again.
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

  constructor(readonly capacity: number) {}

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) {
      this.#ids.delete(this.#ids.values().next().value!);
    }
  }
}
