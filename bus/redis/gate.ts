/**
 * Publish-side backpressure for `block` topics.
 *
 * Redis 7.0 trims streams by length, blind to whether groups have read or
 * acked the entries, so the bound of a `block` topic is enforced where
 * messages enter: before each XADD.
 *
 * @module
 */

/** Options of {@linkcode BackpressureGate}. */
export interface GateOptions {
  /** The bound: publishing waits while the slowest group's backlog is at or over it. */
  capacity: number;
  /** Reads the slowest group's backlog (undelivered + pending) from Redis. */
  readBacklog: () => Promise<number>;
  /** Minimum time between two reads, ms. */
  intervalMs: number;
  /** Monotonic clock, ms. */
  clock: () => number;
  /** Called when a read fails; the gate keeps its last value and tries again later. */
  onError: (error: unknown) => void;
}

/**
 * Admits publishes while `backlog + admitted since the last read < capacity`.
 * The read is cached for `intervalMs`; publishes admitted while a read is in
 * flight count on top of it, so one process never overshoots the bound.
 *
 * @example
 * ```ts
 * const gate = new BackpressureGate({
 *   capacity: 10, readBacklog: () => Promise.resolve(0), intervalMs: 50,
 *   clock: () => performance.now(), onError: () => {},
 * });
 * while (!gate.tryTake()) await gate.changed();
 * ```
 */
export class BackpressureGate {
  #backlog = 0;
  #taken = 0;
  #readAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #waiters: (() => void)[] = [];
  #closed = false;

  constructor(private readonly options: GateOptions) {}

  /**
   * Takes one slot if there is room, synchronously, so the caller can issue
   * its XADD before any later backlog read on the same connection.
   */
  tryTake(): boolean {
    if (this.options.clock() - this.#readAt >= this.options.intervalMs) this.#read();
    if (this.#backlog + this.#taken >= this.options.capacity) return false;
    this.#taken++;
    return true;
  }

  /** Resolves after the next backlog read (at most one per interval), or at close. */
  changed(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const p = new Promise<void>((resolve) => this.#waiters.push(resolve));
    if (!this.#reading && this.#timer === undefined) {
      const wait = Math.max(0, this.#readAt + this.options.intervalMs - this.options.clock());
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#read();
      }, wait);
    }
    return p;
  }

  /** Whether {@linkcode close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Releases every waiter and stops reading. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  #read(): void {
    if (this.#reading || this.#closed) return;
    const takenBefore = this.#taken;
    this.#reading = this.options.readBacklog().then((backlog) => {
      this.#backlog = backlog;
      // Slots taken before the read were sent before it and are in `backlog`.
      this.#taken -= takenBefore;
    }, this.options.onError).finally(() => {
      this.#readAt = this.options.clock();
      this.#reading = undefined;
      this.#wake();
    });
  }
}
