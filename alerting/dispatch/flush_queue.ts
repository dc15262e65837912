/**
 * A min-heap of (due time, group id), so the dispatcher finds due groups and
 * the next due time without scanning every group.
 *
 * @module
 */

/** One scheduled flush. */
export interface ScheduledFlush {
  at: number;
  id: string;
}

/**
 * Scheduled flushes, earliest first. Entries are never updated in place: the
 * owner pushes a new one and skips stale ones when it pops them.
 *
 * @example
 * ```ts
 * const q = new FlushQueue();
 * q.push({ at: 30_000, id: "g1" });
 * q.peek()?.at; // 30000
 * ```
 */
export class FlushQueue {
  readonly #heap: ScheduledFlush[] = [];

  /** Number of entries, stale ones included. */
  get size(): number {
    return this.#heap.length;
  }

  /** The earliest entry, or `undefined` when empty. */
  peek(): ScheduledFlush | undefined {
    return this.#heap[0];
  }

  /** Adds an entry. */
  push(entry: ScheduledFlush): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  /** Removes and returns the earliest entry. */
  pop(): ScheduledFlush | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.at < heap[left]!.at ? right : left;
      if (heap[child]!.at >= last.at) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
