/**
 * Helpers for the collector's tests: an in-memory candle sink (the real
 * store is PostgreSQL, tested elsewhere), recorded publishes, and ways to
 * move a ManualClock while the collector's promises settle.
 *
 * @module
 */
import type { Candle, Series } from "../../messages/payloads.ts";
import { seriesKey } from "../../messages/keys.ts";
import type { ManualClock } from "../../lib/clock.ts";
import type { CandleSink } from "./types.ts";

/** One store or publish call, in call order. */
export interface Event {
  what: "store" | "candle" | "tick";
  at: number;
  candles: Candle[];
}

/**
 * A sink keeping candles in a map and logging every call with the clock time.
 *
 * @example
 * ```ts
 * const sink = new MemorySink(() => 0);
 * await sink.upsertCandles([]);
 * ```
 */
export class MemorySink implements CandleSink {
  readonly rows = new Map<string, Candle>();
  readonly events: Event[] = [];
  constructor(readonly now: () => number) {}

  lastCandleTime(series: Series): Promise<number | null> {
    let last: number | null = null;
    for (const c of this.rows.values()) {
      if (seriesKey(c) === seriesKey(series) && (last === null || c.openTime > last)) {
        last = c.openTime;
      }
    }
    return Promise.resolve(last);
  }

  upsertCandles(candles: Candle[]): Promise<void> {
    this.events.push({ what: "store", at: this.now(), candles });
    for (const c of candles) this.rows.set(`${seriesKey(c)}@${c.openTime}`, c);
    return Promise.resolve();
  }

  /** A `publish` function recording into the same event log. */
  publish = (candles: Candle[], kind: "candle" | "tick"): Promise<void> => {
    this.events.push({ what: kind, at: this.now(), candles });
    return Promise.resolve();
  };

  /** Closed candles published, flattened, optionally for one symbol. */
  published(symbol?: string): Candle[] {
    return this.events.filter((e) => e.what === "candle").flatMap((e) => e.candles)
      .filter((c) => !symbol || c.symbol === symbol);
  }

  /** Stored candles of a series, oldest first. */
  stored(series: Series): Candle[] {
    return [...this.rows.values()].filter((c) => seriesKey(c) === seriesKey(series))
      .sort((a, b) => a.openTime - b.openTime);
  }
}

/**
 * Lets pending promise chains and 0 ms timers run.
 *
 * @example
 * ```ts
 * await flush();
 * ```
 */
export function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Waits (real time, up to `timeoutMs`) until `cond` holds, without moving the clock.
 *
 * @example
 * ```ts
 * await waitFor(() => true);
 * ```
 */
export async function waitFor(
  cond: () => boolean,
  timeoutMs = 5_000,
  what = "condition",
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Moves the clock in `stepMs` steps up to `until`, settling promises after each step.
 *
 * @example
 * ```ts
 * // await advanceTo(clock, clock.now() + 60_000, 500);
 * ```
 */
export async function advanceTo(clock: ManualClock, until: number, stepMs = 1000): Promise<void> {
  while (clock.now() < until) {
    clock.advance(Math.min(stepMs, until - clock.now()));
    for (let i = 0; i < 3; i++) await flush();
  }
}

/**
 * Where open times stop being consecutive on a `tf` grid, or null.
 *
 * @example
 * ```ts
 * firstHole([], 60_000); // null
 * ```
 */
export function firstHole(candles: Candle[], tf: number): string | null {
  for (let i = 1; i < candles.length; i++) {
    if (candles[i]!.openTime !== candles[i - 1]!.openTime + tf) {
      return `${candles[i - 1]!.openTime} then ${candles[i]!.openTime}`;
    }
  }
  return null;
}
