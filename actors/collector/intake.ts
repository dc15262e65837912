/**
 * What becomes of the candles a series gets from its source, polled or
 * streamed: new closed ones are stored, then published, once and in order;
 * a changed copy of the last published one is stored only; invalid ones,
 * and ones still forming, are counted and skipped.
 *
 * @module
 */
import type { Candle } from "../../messages/payloads.ts";
import { floorToTimeframe } from "../../market/timeframe.ts";
import type { Collector } from "./collector.ts";
import type { SeriesState } from "./stats.ts";
import { candleChanged, candleProblem } from "./validate.ts";

/**
 * Takes candles from the source in open-time order: new valid ones are
 * stored then published, a changed copy of the last published one is
 * stored only, invalid ones are counted and skipped.
 *
 * @example
 * ```ts
 * import type { Candle } from "../../messages/payloads.ts";
 * import type { Collector } from "./collector.ts";
 * import type { SeriesState } from "./stats.ts";
 * declare const collector: Collector, st: SeriesState, page: Candle[], signal: AbortSignal;
 * await acceptCandles(collector, st, page, signal); // st.nextOpen moves past what was taken
 * ```
 */
export async function acceptCandles(
  collector: Collector,
  st: SeriesState,
  candles: Candle[],
  signal: AbortSignal,
): Promise<void> {
  const fresh: Candle[] = [];
  for (const c of candles) {
    if (c.openTime < st.nextOpen) {
      if (st.last && c.openTime === st.last.openTime && candleChanged(st.last, c)) {
        await correctCandle(collector, st, c, signal);
      }
      continue;
    }
    const problem = candleProblem(c, st.series);
    if (problem) {
      rejectCandle(collector, st, c, problem);
      // Skip past its slot, or every poll would fetch and reject it again.
      if (Number.isFinite(c.openTime)) {
        st.nextOpen = Math.max(
          st.nextOpen,
          floorToTimeframe(c.openTime, st.series.timeframe) + st.tf,
        );
      }
      continue;
    }
    // Before the first candle of a backfill there is just no history (a young market), not a gap.
    if (c.openTime > st.nextOpen && (st.last !== null || fresh.length > 0)) {
      st.stats.gaps++;
      collector.logger.info("gap in {key}: no candles from {from} to {to}", {
        key: st.key,
        from: new Date(st.nextOpen).toISOString(),
        to: new Date(c.openTime).toISOString(),
      });
    }
    fresh.push(c);
    st.nextOpen = c.openTime + st.tf;
  }
  if (fresh.length > 0) await commitCandles(collector, st, fresh, signal);
}

/**
 * Stores, then publishes closed candles; each is published once per run.
 *
 * @example
 * ```ts
 * import type { Candle } from "../../messages/payloads.ts";
 * import type { Collector } from "./collector.ts";
 * import type { SeriesState } from "./stats.ts";
 * declare const collector: Collector, st: SeriesState, fresh: Candle[], signal: AbortSignal;
 * await commitCandles(collector, st, fresh, signal); // st.last is the newest of `fresh`
 * ```
 */
export async function commitCandles(
  collector: Collector,
  st: SeriesState,
  candles: Candle[],
  signal: AbortSignal,
): Promise<void> {
  await collector.retry(
    st,
    `storing ${st.key}`,
    signal,
    () => collector.options.sink.upsertCandles(candles),
    true,
  );
  await collector.retry(
    st,
    `publishing ${st.key}`,
    signal,
    () => collector.options.publish(candles, "candle"),
    true,
  );
  const last = candles[candles.length - 1]!;
  st.last = last;
  st.stats.published += candles.length;
  st.stats.lastClosedOpenTime = last.openTime;
}

/**
 * Stores a corrected closed candle without publishing it again.
 *
 * @example
 * ```ts
 * import type { Candle } from "../../messages/payloads.ts";
 * import type { Collector } from "./collector.ts";
 * import type { SeriesState } from "./stats.ts";
 * declare const collector: Collector, st: SeriesState, changed: Candle, signal: AbortSignal;
 * await correctCandle(collector, st, changed, signal); // st.stats.corrections goes up by one
 * ```
 */
export async function correctCandle(
  collector: Collector,
  st: SeriesState,
  c: Candle,
  signal: AbortSignal,
): Promise<void> {
  const problem = candleProblem(c, st.series);
  if (problem) return rejectCandle(collector, st, c, `correction: ${problem}`);
  await collector.retry(
    st,
    `storing ${st.key}`,
    signal,
    () => collector.options.sink.upsertCandles([c]),
    true,
  );
  st.stats.corrections++;
  st.last = c;
  collector.logger.info("{key} corrected the candle at {openTime}; stored, not re-published", {
    key: st.key,
    openTime: c.openTime,
  });
}

/**
 * Whether a fetched candle had closed at the fetch (`now`); one still
 * forming is rejected.
 *
 * @example
 * ```ts
 * import type { Candle } from "../../messages/payloads.ts";
 * import type { Collector } from "./collector.ts";
 * import type { SeriesState } from "./stats.ts";
 * declare const collector: Collector, st: SeriesState, page: Candle[], fetchedAt: number;
 * const closed = page.filter((c) => closedAt(collector, st, c, fetchedAt));
 * ```
 */
export function closedAt(collector: Collector, st: SeriesState, c: Candle, now: number): boolean {
  if (c.openTime + st.tf <= now) return true;
  rejectCandle(collector, st, c, `not closed at ${new Date(now).toISOString()}`);
  return false;
}

function rejectCandle(collector: Collector, st: SeriesState, c: Candle, problem: string): void {
  st.stats.rejected++;
  collector.logger.warn("rejected candle of {key} at {openTime}: {problem}", {
    key: st.key,
    openTime: c.openTime,
    problem,
  });
}
