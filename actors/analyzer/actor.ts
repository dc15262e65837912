import { candleHistory, hasCandlesBetween } from "../../store/history.ts";
import type { ActorFactory } from "../runtime/actor.ts";
import { storeOf } from "../store_of.ts";
import { Analyzer } from "./analyzer.ts";

/**
 * The analyzer actor: closed candles in, one analysis per candle out (a
 * batch of analyses for a batch of candles).
 *
 * @example
 * ```ts ignore
 * serveActor(createAnalyzerActor);
 * ```
 */
export const createAnalyzerActor: ActorFactory = async (ctx) => {
  const store = await storeOf(ctx.config, ctx.onQuery);
  const analyzer = new Analyzer({
    source: ctx.name,
    history: (series, before) => candleHistory(store, series, before),
    hasBetween: (series, after, before) => hasCandlesBetween(store, series, after, before),
  });
  const sub = await ctx.bus.subscribe({
    group: ctx.name,
    topics: ["candle"],
    handler: async (message) => {
      const now = ctx.clock.now();
      const out = message.type === "candle"
        ? await analyzer.onCandle(message, now)
        : message.type === "candle_batch"
        ? await analyzer.onCandles(message, now)
        : null;
      if (!out) return;
      try {
        await ctx.bus.publish(out);
      } catch (e) {
        // The state moved past these candles; the retry must redo them.
        analyzer.forget(out.payload);
        throw e;
      }
    },
  });
  return {
    async stop() {
      await sub.close();
      await store.close();
    },
    stats: () => ({ series: analyzer.seriesCount }),
  };
};
