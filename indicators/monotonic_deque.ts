/**
 * Sliding-window extreme (max or min) in O(1) amortised per value.
 *
 * @module
 */
import { requireInteger } from "./validate.ts";

/**
 * Monotonic deque over a fixed-capacity ring: holds only values that can
 * still become the window's extreme, so each value enters and leaves once.
 *
 * @example
 * ```ts
 * import { MonotonicDeque } from "./monotonic_deque.ts";
 * const highest = new MonotonicDeque(3, "max");
 * for (const x of [5, 1, 2, 0]) highest.push(x);
 * highest.extreme(); // 2 (the window is 1, 2, 0)
 * ```
 */
export class MonotonicDeque {
  readonly #period: number;
  readonly #isMax: boolean;
  readonly #values: Float64Array;
  // Sequence numbers fit a double exactly up to 2^53 pushes.
  readonly #positions: Float64Array;
  #head = 0;
  #size = 0;
  #pushed = 0;

  /**
   * @param period window length, an integer ≥ 1
   * @param kind whether to track the maximum or the minimum
   */
  constructor(period: number, kind: "max" | "min") {
    this.#period = requireInteger("period", period);
    this.#isMax = kind === "max";
    this.#values = new Float64Array(period);
    this.#positions = new Float64Array(period);
  }

  /** Adds one value, dropping the one that leaves the window. */
  push(value: number): void {
    const capacity = this.#period;
    const values = this.#values;
    const positions = this.#positions;
    const position = this.#pushed++;
    // Evict first so at most `period` entries are ever held.
    if (this.#size > 0 && positions[this.#head]! <= position - capacity) {
      this.#head = this.#head + 1 === capacity ? 0 : this.#head + 1;
      this.#size--;
    }
    const isMax = this.#isMax;
    while (this.#size > 0) {
      let tail = this.#head + this.#size - 1;
      if (tail >= capacity) tail -= capacity;
      const v = values[tail]!;
      if (isMax ? v > value : v < value) break;
      this.#size--;
    }
    let slot = this.#head + this.#size;
    if (slot >= capacity) slot -= capacity;
    values[slot] = value;
    positions[slot] = position;
    this.#size++;
  }

  /** The window's maximum or minimum; NaN before the first push. */
  extreme(): number {
    return this.#size === 0 ? NaN : this.#values[this.#head]!;
  }
}
