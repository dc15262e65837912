import type { ClockSpec } from "../actors/runtime/frames.ts";
import type { Config } from "../config/mod.ts";
import { timeframeMs } from "../market/mod.ts";
import { firstReplayTime } from "../market/replay/mod.ts";

/**
 * The clock every actor shares. Live markets use wall time; a simulated
 * market runs `speed` times faster from now; a replay starts where the file
 * starts, after the candles the collector backfills.
 *
 * @example
 * ```ts ignore
 * const spec = await clockSpecFor(config, Date.now());
 * ```
 */
export async function clockSpecFor(config: Config, now: number): Promise<ClockSpec> {
  if (config.source !== "replay") {
    return { start: now, realStart: now, speed: config.source === "sim" ? config.speed : 1 };
  }
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
