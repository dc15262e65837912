/**
 * "N events in the last W ms" for the rules: from event timestamps, or from
 * the cumulative counters the supervisor, bus and slow-query log keep.
 *
 * @module
 */

/**
 * How many timestamps fall in the window `(now - windowMs, now]`.
 *
 * @example
 * ```ts
 * countInWindow([0, 5_000, 9_000], 10_000, 6_000); // 2
 * ```
 */
export function countInWindow(timestamps: Iterable<number>, now: number, windowMs: number): number {
  let n = 0;
  for (const t of timestamps) if (t > now - windowMs && t <= now) n++;
  return n;
}

interface Tally {
  last: number;
  /** Increases seen, oldest first: `[at, n]` pairs. */
  events: number[];
}

/**
 * Turns cumulative counters (an actor's restarts, a topic's dead letters,
 * the slow-query count) into "how many in the last `windowMs`": each
 * {@linkcode CounterWindow.observe} records the increase since the previous
 * one. The first reading of a key is its baseline (what happened before is
 * not counted); a counter that went down was reset (its process restarted)
 * and counts from zero. Memory per key is bounded by the readings that
 * carried an increase within the window.
 *
 * @example
 * ```ts
 * const restarts = new CounterWindow(600_000);
 * restarts.observe("analyzer", 0, 0);
 * restarts.observe("analyzer", 3, 60_000);
 * restarts.count("analyzer", 60_000);  // 3
 * restarts.count("analyzer", 660_000); // 0
 * ```
 */
export class CounterWindow {
  readonly #tallies = new Map<string, Tally>();

  constructor(readonly windowMs: number) {
    if (!(windowMs > 0)) {
      throw new RangeError(`CounterWindow: windowMs must be > 0, received ${windowMs}`);
    }
  }

  /** Records the counter's current `total` for `key` at `now`. */
  observe(key: string, total: number, now: number): void {
    const t = this.#tallies.get(key);
    if (!t) {
      this.#tallies.set(key, { last: total, events: [] });
      return;
    }
    const increase = total >= t.last ? total - t.last : total;
    t.last = total;
    this.#prune(t, now);
    if (increase > 0) t.events.push(now, increase);
  }

  /** Increases of `key` within `(now - windowMs, now]`. */
  count(key: string, now: number): number {
    const t = this.#tallies.get(key);
    if (!t) return 0;
    let n = 0;
    for (let i = 0; i < t.events.length; i += 2) {
      const at = t.events[i]!;
      if (at > now - this.windowMs && at <= now) n += t.events[i + 1]!;
    }
    return n;
  }

  /** Increases within the window summed over every key. */
  total(now: number): number {
    let n = 0;
    for (const key of this.#tallies.keys()) n += this.count(key, now);
    return n;
  }

  /** Drops a key (an actor removed from the system). */
  forget(key: string): void {
    this.#tallies.delete(key);
  }

  #prune(t: Tally, now: number): void {
    let drop = 0;
    while (drop < t.events.length && t.events[drop]! <= now - this.windowMs) drop += 2;
    if (drop > 0) t.events.splice(0, drop);
  }
}
