/**
 * Waking a consumer's reader: resolving its idle wait, or interrupting its
 * blocking `XREADGROUP` with `CLIENT UNBLOCK` from the main connection.
 *
 * @module
 */
import type { RedisConn } from "./connect.ts";

type Timer = ReturnType<typeof setTimeout>;

/** One read in flight: the streams it covers, settled once its entries are dispatched. */
export interface ReadInFlight {
  streams: Set<string>;
  done: Promise<void>;
}

/**
 * Tracks the reader's state and wakes it when something changed (a partition
 * became ready, one is being given back, the consumer stops).
 *
 * @example
 * ```ts
 * declare const main: RedisConn;
 * const wake = new ReaderWake(main);
 * const read = wake.begin(["s:0"]);
 * // ... XREADGROUP on the blocking connection ...
 * wake.end(read);
 * ```
 */
export class ReaderWake {
  /** Client id of the blocking connection (changes after a reconnect). */
  blockingId = "";
  /** The read in flight, if any. */
  read: ReadInFlight | undefined;
  #waiters: (() => void)[] = [];
  #blocked = false;
  #unblockSent = false;
  #seq = 0;
  #startedAt = 0;
  #timers = new Set<Timer>();
  #disabled = false;

  constructor(private readonly main: RedisConn) {}

  /** Marks a read over `streams` as started; pass the result to {@linkcode end}. */
  begin(streams: string[]): PromiseWithResolvers<void> {
    this.#blocked = true;
    this.#unblockSent = false;
    this.#seq++;
    this.#startedAt = performance.now();
    const done = Promise.withResolvers<void>();
    this.read = { streams: new Set(streams), done: done.promise };
    return done;
  }

  /** Marks the read as returned (its entries dispatched). */
  end(done: PromiseWithResolvers<void>): void {
    this.#blocked = false;
    this.read = undefined;
    done.resolve();
  }

  /** Waits up to `ms` for {@linkcode wake}. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#waiters.push(done);
    });
  }

  /** Wakes an idle reader, or interrupts a blocking read. */
  wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
    if (this.#blocked && !this.#unblockSent && !this.#disabled) {
      this.#unblockSent = true;
      // A read younger than this is most likely answering with data, not blocking.
      const age = performance.now() - this.#startedAt;
      if (age >= 2) this.#unblock(this.#seq, 0);
      else this.#retry(this.#seq, 0, 2 - age);
    }
  }

  /** Stops sending unblocks and clears pending retries. */
  stop(): void {
    this.#disabled = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #retry(seq: number, tries: number, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#blocked && this.#seq === seq && !this.#disabled) this.#unblock(seq, tries);
    }, ms);
    this.#timers.add(timer);
  }

  /**
   * CLIENT UNBLOCK may reach Redis before the XREADGROUP it targets (they go
   * over different connections); then it unblocks nothing and is retried.
   */
  #unblock(seq: number, tries: number): void {
    this.main.sendCommand<number>(["CLIENT", "UNBLOCK", this.blockingId]).then((n) => {
      if (n === 0 && tries < 20 && this.#blocked && this.#seq === seq && !this.#disabled) {
        this.#retry(seq, tries + 1, 5);
      }
    }, () => {});
  }
}
