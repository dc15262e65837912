/**
 * Event-loop lag measured by timer drift. prom-client's own lag metric reads
 * wrong on Deno (it reported 2.9 ms max while the loop was blocked 100 ms), so
 * each thread runs this sampler instead: a timer asks to fire every
 * `intervalMs`, and how late it actually fires is the lag.
 *
 * @module
 */

/** One measurement: when the timer fired, and how late. */
export interface LagSample {
  /** Monotonic time of the measurement, ms (`performance.now()` by default). */
  at: number;
  /** How much later than asked the timer fired, ms. */
  lagMs: number;
}

/** Lag over a window, in ms. All zero when the window holds no sample. */
export interface LagSummary {
  count: number;
  maxMs: number;
  p99Ms: number;
  meanMs: number;
}

/**
 * Summarises the samples taken within `windowMs` before `now` (inclusive).
 * The p99 is the nearest-rank percentile.
 *
 * @example
 * ```ts
 * summarizeLag([{ at: 0, lagMs: 1 }, { at: 10, lagMs: 100 }], 10, 60_000);
 * // { count: 2, maxMs: 100, p99Ms: 100, meanMs: 50.5 }
 * ```
 */
export function summarizeLag(
  samples: Iterable<LagSample>,
  now: number,
  windowMs: number,
): LagSummary {
  const lags: number[] = [];
  for (const s of samples) if (s.at >= now - windowMs && s.at <= now) lags.push(s.lagMs);
  if (lags.length === 0) return { count: 0, maxMs: 0, p99Ms: 0, meanMs: 0 };
  lags.sort((a, b) => a - b);
  const rank = Math.max(0, Math.ceil(0.99 * lags.length) - 1);
  return {
    count: lags.length,
    maxMs: lags[lags.length - 1]!,
    p99Ms: lags[rank]!,
    meanMs: lags.reduce((a, b) => a + b, 0) / lags.length,
  };
}

/** Options of {@linkcode EventLoopLagSampler}. */
export interface EventLoopLagOptions {
  /** How often the timer asks to fire. Default 20 ms. */
  intervalMs?: number;
  /** How far back {@linkcode EventLoopLagSampler.summary} looks. Default 30 s. */
  windowMs?: number;
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number;
}

/**
 * Samples this thread's event-loop lag. A block of 100 ms shows as one sample
 * of ~100 ms (the timer due during the block fires when it ends). Samples
 * live in a ring sized for the window, so memory stays constant.
 *
 * @example
 * ```ts
 * const sampler = new EventLoopLagSampler({ intervalMs: 20, windowMs: 10_000 });
 * sampler.start();
 * await new Promise((r) => setTimeout(r, 100));
 * sampler.summary().maxMs; // a few ms on an idle loop
 * sampler.stop();
 * ```
 */
export class EventLoopLagSampler {
  readonly intervalMs: number;
  readonly windowMs: number;
  readonly #now: () => number;
  readonly #ring: LagSample[];
  #next = 0;
  #timer?: ReturnType<typeof setTimeout>;
  #expected = 0;

  constructor(options: EventLoopLagOptions = {}) {
    this.intervalMs = options.intervalMs ?? 20;
    this.windowMs = options.windowMs ?? 30_000;
    if (!(this.intervalMs > 0) || !(this.windowMs >= this.intervalMs)) {
      throw new RangeError(
        `EventLoopLagSampler: need 0 < intervalMs <= windowMs, received intervalMs ${this.intervalMs} and windowMs ${this.windowMs}`,
      );
    }
    this.#now = options.now ?? (() => performance.now());
    this.#ring = new Array(Math.ceil(this.windowMs / this.intervalMs) + 1);
  }

  /** True while the timer runs. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Starts sampling; a second call does nothing. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#schedule(this.#now());
  }

  /** Stops sampling; the samples taken stay readable. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Adds a measurement (the timer's own; exposed for tests and replays). */
  record(sample: LagSample): void {
    this.#ring[this.#next] = sample;
    this.#next = (this.#next + 1) % this.#ring.length;
  }

  /** Lag over the window ending now. */
  summary(): LagSummary {
    return summarizeLag(this.#ring.filter((s) => s !== undefined), this.#now(), this.windowMs);
  }

  #schedule(from: number): void {
    this.#expected = from + this.intervalMs;
    this.#timer = setTimeout(this.#tick, this.intervalMs);
    // Measuring must never be what keeps a process or worker alive.
    Deno.unrefTimer(this.#timer as unknown as number);
  }

  #tick = (): void => {
    const at = this.#now();
    this.record({ at, lagMs: Math.max(0, at - this.#expected) });
    this.#schedule(at);
  };
}
