import type { ClockSpec } from "../actors/runtime/frames.ts";
import type { Config } from "../config/mod.ts";
import { timeframeMs } from "../market/mod.ts";
import { ReplaySource } from "../market/replay/mod.ts";

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
  const { exchange, symbols, timeframes } = config.watchlist;
  const replay = await ReplaySource.open({
    path: config.replayFile!,
    exchange,
    symbol: symbols[0]!,
    timeframe: timeframes[0]!,
  });
  await replay.close();
  const first = replay.report.firstOpenTime ?? now;
  const tf = timeframeMs(timeframes[0]!);
  // Half a candle past the close of the file's `backfillCandles`-th candle:
  // the collector backfills exactly those, then follows the rest at `speed`.
  return {
    start: first + config.collector.backfillCandles * tf + tf / 2,
    realStart: now,
    speed: config.speed,
  };
}
