/**
 * A token bucket per channel: `perMinute` sends a minute on average, with
 * bursts of up to `burst`. Pure: the caller passes the time.
 *
 * @example
 * ```ts
 * const bucket = new TokenBucket({ perMinute: 60, burst: 2 }, 0);
 * bucket.take(0); // 0 — sent now
 * bucket.take(0); // 0
 * bucket.take(0); // 1000 — wait a second, the token is reserved
 * ```
 */
export class TokenBucket {
  readonly #perMs: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;

  constructor(options: { perMinute: number; burst?: number }, now: number) {
    if (!(options.perMinute > 0)) {
      throw new RangeError(`TokenBucket: perMinute must be > 0, received ${options.perMinute}`);
    }
    this.#perMs = options.perMinute / 60_000;
    this.#burst = Math.max(1, options.burst ?? 1);
    this.#tokens = this.#burst;
    this.#at = now;
  }

  /**
   * Takes one token and returns how long to wait before using it (0 when one
   * is available now). The token is reserved either way, so waiters queue in
   * call order.
   */
  take(now: number): number {
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#perMs);
    this.#at = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil(-this.#tokens / this.#perMs);
  }
}
