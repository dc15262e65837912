import { candleHistory, hasCandlesBetween } from "../../store/history.ts";
import type { ActorFactory } from "../runtime/actor.ts";
import { storeOf } from "../store_of.ts";
import { Analyzer } from "./analyzer.ts";

/**
 * The analyzer actor: closed candles in, one analysis per candle out.
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
      if (message.type !== "candle") return;
      const analysis = await analyzer.onCandle(message, ctx.clock.now());
      if (analysis) await ctx.bus.publish(analysis);
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
