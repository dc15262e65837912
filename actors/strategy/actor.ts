import { ConfigError, errorMessage } from "../../lib/errors.ts";
import { createMessage, seriesKey } from "../../messages/mod.ts";
import {
  evaluateSignal,
  resolveStrategies,
  startRun,
  type StrategyRun,
  supportsTimeframe,
} from "../../strategies/mod.ts";
import type { ActorFactory } from "../runtime/actor.ts";
import { storeOf } from "../store_of.ts";

/**
 * The strategy actor: runs every configured strategy on each analysis,
 * stores each signal once per (strategy, series, candle) and publishes it.
 * Paper trading of the signals is not wired in yet (see the open issue).
 *
 * @example
 * ```ts ignore
 * serveActor(createStrategyActor);
 * ```
 */
export const createStrategyActor: ActorFactory = async (ctx) => {
  let strategies;
  try {
    strategies = resolveStrategies(ctx.config.strategies);
  } catch (e) {
    throw new ConfigError(`strategies: ${errorMessage(e)}`);
  }
  const store = await storeOf(ctx.config);
  const runs = new Map<string, StrategyRun>();
  let signals = 0;
  const sub = await ctx.bus.subscribe({
    group: ctx.name,
    topics: ["analysis"],
    handler: async (message) => {
      if (message.type !== "analysis") return;
      const analysis = message.payload;
      const key = seriesKey(analysis);
      for (const resolved of strategies) {
        if (!supportsTimeframe(resolved, analysis.timeframe)) continue;
        const runKey = `${resolved.name}|${key}`;
        const run = runs.get(runKey) ?? startRun(resolved);
        const { signal, run: next } = evaluateSignal(resolved, run, analysis, analysis);
        runs.set(runKey, next);
        if (!signal) continue;
        // Stored once per (strategy, series, candle): a redelivery is not a new signal.
        if (!await store.insertSignal(signal)) continue;
        signals++;
        await ctx.bus.publish(createMessage("signal", signal, {
          source: ctx.name,
          key,
          now: ctx.clock.now(),
          id: `signal:${resolved.name}:${key}:${signal.openTime}`,
        }));
      }
    },
  });
  return {
    async stop() {
      await sub.close();
      await store.close();
    },
    stats: () => ({ signals, strategies: strategies.length }),
  };
};
