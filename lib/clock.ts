/**
 * Time as a dependency: logic reads the clock it is given, so tests and
 * simulations can run it fast or frozen.
 *
 * @module
 */

/** A source of the current time and of delays. */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Sleeps `ms` of real time, abortable. Resolves early (rejecting) when aborted
 * so shutdown never waits out a back-off.
 *
 * @example
 * ```ts
 * await sleep(10);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now(), sleep };

/**
 * A clock that runs `speed` times faster than real time from `start`, for
 * simulated and replayed markets.
 *
 * @example
 * ```ts
 * const clock = scaledClock({ start: Date.UTC(2024, 0, 1), speed: 60 });
 * await clock.sleep(60_000); // one simulated minute, one real second
 * ```
 */
export function scaledClock(
  options: { start: number; speed: number; realNow?: () => number },
): Clock {
  const realNow = options.realNow ?? (() => Date.now());
  const realStart = realNow();
  if (!(options.speed > 0)) {
    throw new RangeError(`scaledClock: speed must be > 0, received ${options.speed}`);
  }
  return {
    now: () => options.start + (realNow() - realStart) * options.speed,
    sleep: (ms, signal) => sleep(ms / options.speed, signal),
  };
}

/**
 * The clock a shared description gives in this thread: simulated time
 * `start` at wall time `realStart`, running `speed` times faster (the
 * supervisor sends one to every actor, so all agree). The wall clock itself
 * when it is live.
 *
 * @example
 * ```ts
 * const now = Date.now();
 * clockFrom({ start: now, realStart: now, speed: 1 }) === systemClock; // true
 * clockFrom({ start: Date.UTC(2024, 0, 1), realStart: now, speed: 60 }).now(); // ≈ 2024-01-01
 * ```
 */
export function clockFrom(
  spec: { start: number; realStart: number; speed: number },
  realNow: () => number = () => Date.now(),
): Clock {
  if (spec.speed === 1 && Math.abs(spec.start - spec.realStart) < 1000) return systemClock;
  // The description was made earlier, on another thread: catch up from then.
  const offset = realNow() - spec.realStart;
  return scaledClock({ start: spec.start + offset * spec.speed, speed: spec.speed, realNow });
}

/**
 * A clock that moves only when told to, for tests. `sleep` resolves when
 * `advance` passes its deadline.
 *
 * @example
 * ```ts
 * const clock = new ManualClock(0);
 * const done = clock.sleep(1000);
 * clock.advance(1000);
 * await done;
 * ```
 */
export class ManualClock implements Clock {
  #now: number;
  #sleepers: { at: number; resolve: () => void }[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const entry = { at: this.#now + ms, resolve };
      this.#sleepers.push(entry);
      signal?.addEventListener("abort", () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== entry);
        reject(signal.reason);
      }, { once: true });
    });
  }

  /** Moves time forward and wakes every sleeper whose deadline passed. */
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#sleepers.filter((s) => s.at <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.at > this.#now);
    for (const s of due) s.resolve();
  }
}
