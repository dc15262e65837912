/**
 * A FIFO queue with O(1) amortised push, shift and unshift, for mailboxes
 * that see millions of messages (Array#shift is O(n)).
 *
 * A ring over one array that only ever doubles, every slot cleared as its
 * item leaves. It replaced a growing array compacted by `slice`, whose
 * outgrown and compacted copies, promoted to V8's old generation, still
 * pointed at queued entries: the young-generation collector keeps whatever
 * an old object points at, so on the broker's thread those entries and
 * their messages outlived their delivery (with `InFlight`, half of what
 * survived the thread's scavenges at 10k msgs/s; bench/README.md).
 *
 * @example
 * ```ts
 * const q = new Deque<number>();
 * q.push(1); q.push(2); q.unshift(0);
 * q.shift(); // 0
 * q.length; // 2
 * ```
 */
export class Deque<T> {
  #slots: (T | undefined)[] = new Array(16).fill(undefined);
  #head = 0;
  #size = 0;

  get length(): number {
    return this.#size;
  }

  push(item: T): void {
    if (this.#size === this.#slots.length) this.#grow();
    this.#slots[(this.#head + this.#size) & (this.#slots.length - 1)] = item;
    this.#size++;
  }

  /** Puts an item back at the front (a redelivery). */
  unshift(item: T): void {
    if (this.#size === this.#slots.length) this.#grow();
    this.#head = (this.#head - 1) & (this.#slots.length - 1);
    this.#slots[this.#head] = item;
    this.#size++;
  }

  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) & (this.#slots.length - 1);
    this.#size--;
    return item;
  }

  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#head];
  }

  #grow(): void {
    const old = this.#slots;
    const slots: (T | undefined)[] = new Array(old.length * 2).fill(undefined);
    for (let i = 0; i < this.#size; i++) {
      const at = (this.#head + i) & (old.length - 1);
      slots[i] = old[at];
      old[at] = undefined;
    }
    this.#slots = slots;
    this.#head = 0;
  }
}
