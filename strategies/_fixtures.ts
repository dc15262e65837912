/**
 * Test fixtures: candle series shaped so a strategy's signals are known in
 * advance, and a scripted strategy for testing the framework around it.
 *
 * @module
 */
import { z } from "zod";
import type { Candle, Series } from "../messages/payloads.ts";
import type { Strategy } from "./types.ts";

/** The series every fixture uses. */
export const SERIES: Series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };

/** Open time of the first fixture candle (a minute boundary). */
export const T0 = Date.UTC(2024, 0, 1);

/** One minute in ms. */
export const MIN = 60_000;

/**
 * Candles whose closes are `closes`: each opens at the previous close, and
 * high/low are the larger/smaller of open and close (no wicks).
 *
 * @example
 * ```ts
 * const candles = fromCloses([100, 101, 99]);
 * ```
 */
export function fromCloses(closes: readonly number[], series: Series = SERIES): Candle[] {
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    return {
      ...series,
      openTime: T0 + i * MIN,
      open,
      high: Math.max(open, close),
      low: Math.min(open, close),
      close,
      volume: 10,
    };
  });
}

/**
 * `n` copies of `value`.
 *
 * @example
 * ```ts
 * repeat(100, 3); // [100, 100, 100]
 * ```
 */
export function repeat(value: number, n: number): number[] {
  return Array.from({ length: n }, () => value);
}

/**
 * `n` values alternating `a`, `b`, `a`, …
 *
 * @example
 * ```ts
 * alternate(100, 101, 4); // [100, 101, 100, 101]
 * ```
 */
export function alternate(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b));
}

const scriptedParameters = z.strictObject({
  /** Candle count (1-based, as `view.count`) → side and strength. */
  at: z.record(z.string(), z.object({ side: z.enum(["buy", "sell"]), strength: z.number() }))
    .default({}),
  warmup: z.number().int().min(1).default(1),
});

/**
 * A strategy that signals exactly where its parameters say: a plug-in for
 * testing votes and the evaluation framework independently of indicators.
 * Its state counts evaluations, to prove state is threaded through.
 *
 * @example
 * ```ts
 * const params = scripted.parameters.parse({ at: { "3": { side: "buy", strength: 0.5 } } });
 * ```
 */
export const scripted: Strategy<z.infer<typeof scriptedParameters>, { calls: number }> = {
  id: "scripted",
  description: "Signals at scripted candle counts (tests only).",
  parameters: scriptedParameters,
  timeframes: "any",
  warmup: (p) => p.warmup,
  uses: () => [],
  initialState: () => ({ calls: 0 }),
  evaluate(view, p, state) {
    const next = { calls: state.calls + 1 };
    const entry = p.at[String(view.count)];
    if (entry === undefined) return { signal: null, state: next };
    return {
      signal: { ...entry, reason: `scripted ${entry.side} at ${view.count} (call ${next.calls})` },
      state: next,
    };
  },
};

/**
 * Indices where series `a` crosses `b` (up: at or below → above; down: at or
 * above → below), found by a plain scan: an independent check of fixtures.
 *
 * @example
 * ```ts
 * crossings([1, 3], [2, 2]); // { up: [1], down: [] }
 * ```
 */
export function crossings(
  a: readonly (number | null)[],
  b: readonly (number | null)[],
): { up: number[]; down: number[] } {
  const up: number[] = [];
  const down: number[] = [];
  for (let i = 1; i < a.length; i++) {
    const [pa, pb, ca, cb] = [a[i - 1], b[i - 1], a[i], b[i]];
    if (pa == null || pb == null || ca == null || cb == null) continue;
    if (pa <= pb && ca > cb) up.push(i);
    if (pa >= pb && ca < cb) down.push(i);
  }
  return { up, down };
}
