/**
 * How the collector puts candles on the bus.
 *
 * @module
 */
import type { Bus } from "../../bus/types.ts";
import {
  type Candle,
  candleBatchOf,
  createMessage,
  MAX_BATCH_ROWS,
  seriesKey,
} from "../../messages/mod.ts";

/**
 * Publishes closed candles of one series, oldest first, or forming ones
 * (`tick`). Several closed candles (a backfill page, a replay) go as
 * `candle_batch` messages of up to `perMessage` rows (at most
 * {@linkcode MAX_BATCH_ROWS}; 1 sends each alone): the bus's work
 * per message, on every hop, is then paid once per page instead of once per
 * candle. Ids derive from the content, so a re-published candle or page is
 * recognisable downstream.
 *
 * @example
 * ```ts ignore
 * await publishCandles(bus, "collector", clock.now(), page, "candle");
 * ```
 */
export async function publishCandles(
  bus: Pick<Bus, "publish">,
  source: string,
  now: number,
  candles: readonly Candle[],
  kind: "candle" | "tick",
  perMessage = MAX_BATCH_ROWS,
): Promise<void> {
  if (kind === "candle" && candles.length > 1 && perMessage > 1) {
    const key = seriesKey(candles[0]!);
    for (let i = 0; i < candles.length; i += perMessage) {
      const rows = candles.slice(i, i + perMessage);
      if (rows.length === 1) {
        await publishCandles(bus, source, now, rows, kind);
        continue;
      }
      const first = rows[0]!.openTime, last = rows.at(-1)!.openTime;
      await bus.publish(createMessage("candle_batch", candleBatchOf(rows), {
        source,
        key,
        now,
        id: `candles:${key}:${first}:${last}`,
      }));
    }
    return;
  }
  for (const c of candles) {
    const key = seriesKey(c);
    await bus.publish(createMessage(kind, c, {
      source,
      key,
      now,
      id: kind === "candle" ? `candle:${key}:${c.openTime}` : undefined,
    }));
  }
}
