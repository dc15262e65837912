import type { Logger } from "@logtape/logtape";
import type { ClockSpec } from "../actors/runtime/frames.ts";
import type { Config } from "../config/mod.ts";
import type { Series } from "../messages/mod.ts";
import { timeframeMs } from "../market/mod.ts";
import { firstReplayTime } from "../market/replay/mod.ts";
import { openStore } from "../store/mod.ts";

/**
 * The clock every actor shares. Live markets use wall time. A simulated
 * market runs `speed` times faster from now, or from where its stored
 * history ends when that is later (`lastStoredOpen`): a faster-than-real run
 * leaves candles ahead of the wall clock, and restarting from now would
 * leave every series silent (stale, no signals) until the clock caught up.
 * A replay starts where the file starts, after the candles the collector
 * backfills.
 *
 * @example
 * ```ts ignore
 * const spec = await clockSpecFor(config, Date.now(), (s) => store.lastCandleTime(s));
 * ```
 */
export async function clockSpecFor(
  config: Config,
  now: number,
  lastStoredOpen: (series: Series) => Promise<number | null> = () => Promise.resolve(null),
): Promise<ClockSpec> {
  if (config.source === "sim") {
    return {
      start: Math.max(now, await storedUntil(config, lastStoredOpen)),
      realStart: now,
      speed: config.speed,
    };
  }
  if (config.source !== "replay") return { start: now, realStart: now, speed: 1 };
  const timeframe = config.watchlist.timeframes[0]!;
  // Only the first row: the collector reads (and reports on) the whole file.
  const first = await firstReplayTime({ path: config.replayFile!, timeframe }) ?? now;
  const tf = timeframeMs(timeframe);
  // Half a candle past the close of the file's `backfillCandles`-th candle:
  // the collector backfills exactly those, then follows the rest at `speed`.
  return {
    start: first + config.collector.backfillCandles * tf + tf / 2,
    realStart: now,
    speed: config.speed,
  };
}

/**
 * {@linkcode clockSpecFor} over this system's storage: a simulated market
 * reads where its stored history ends (and says so when it resumes ahead of
 * the wall clock); the other sources need no storage.
 *
 * @example
 * ```ts ignore
 * const spec = await systemClockSpec(config, Date.now(), log);
 * ```
 */
export async function systemClockSpec(
  config: Config,
  now: number,
  log: Logger,
): Promise<ClockSpec> {
  if (config.source !== "sim") return await clockSpecFor(config, now);
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    ...config.store,
    migrate: false,
    logger: log,
  });
  try {
    const spec = await clockSpecFor(config, now, (s) => store.lastCandleTime(s));
    if (spec.start > now) {
      log.info("the simulated market resumes at {at}, where its stored candles end", {
        at: new Date(spec.start).toISOString(),
      });
    }
    return spec;
  } finally {
    await store.close();
  }
}

/** The latest close time of a watched series' newest stored candle, or 0 with none. */
async function storedUntil(
  config: Config,
  lastStoredOpen: (series: Series) => Promise<number | null>,
): Promise<number> {
  const { exchange, symbols, timeframes } = config.watchlist;
  let until = 0;
  for (const symbol of symbols) {
    for (const timeframe of timeframes) {
      const open = await lastStoredOpen({ exchange, symbol, timeframe });
      if (open !== null) until = Math.max(until, open + timeframeMs(timeframe));
    }
  }
  return until;
}
