/**
 * OTP's restart intensity: at most `intensity` restarts within `periodMs`.
 * One more means restarting does not help, and the supervisor escalates.
 *
 * @example
 * ```ts
 * const window = new RestartIntensity(2, 1_000);
 * window.record(0); window.record(10);
 * window.record(20); // false: a third restart within a second exceeds it
 * ```
 */
export class RestartIntensity {
  #times: number[] = [];

  constructor(readonly intensity: number, readonly periodMs: number) {}

  /** Records a restart at `now`; false when it exceeds the intensity. */
  record(now: number): boolean {
    this.#times = this.#times.filter((t) => now - t < this.periodMs);
    this.#times.push(now);
    return this.#times.length <= this.intensity;
  }

  /** Restarts within the period ending at `now`. */
  count(now: number): number {
    return this.#times.filter((t) => now - t < this.periodMs).length;
  }
}
