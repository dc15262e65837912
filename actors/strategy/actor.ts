import { ConfigError, errorMessage } from "../../lib/errors.ts";
import {
  analysesOf,
  type Analysis,
  createMessage,
  MAX_BATCH_ROWS,
  type Message,
  seriesKey,
} from "../../messages/mod.ts";
import { candleHistory, hasCandlesBetween } from "../../store/history.ts";
import { resolveStrategies } from "../../strategies/mod.ts";
import type { ActorFactory } from "../runtime/actor.ts";
import { storeOf } from "../store_of.ts";
import { TradingDesk } from "./desk.ts";
import { SignalOutbox } from "./signal_outbox.ts";

/** The analyses messages carry, single or batched, in order. */
function analysesIn(messages: readonly Message[]): Analysis[] {
  return messages.flatMap((m) =>
    m.type === "analysis" ? [m.payload] : m.type === "analysis_batch" ? analysesOf(m.payload) : []
  );
}

/**
 * The strategy actor: runs every configured strategy on each analysis,
 * stores each signal once per (strategy, series, candle), publishes it, and
 * paper-trades it.
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
  const store = await storeOf(ctx.config, ctx.onQuery);
  const desk = await TradingDesk.open({
    strategies,
    symbols: ctx.config.strategies.map((s) => s.symbols),
    paper: ctx.config.paper,
    store,
    history: (series, before) => candleHistory(store, series, before),
    hasBetween: (series, after, before) => hasCandlesBetween(store, series, after, before),
    log: ctx.log,
  });
  const outbox = new SignalOutbox((signal) => {
    const key = seriesKey(signal);
    return ctx.bus.publish(createMessage("signal", signal, {
      source: ctx.name,
      key,
      now: ctx.clock.now(),
      id: `signal:${signal.strategy}:${key}:${signal.openTime}`,
    }));
  });
  const { account } = ctx.config.paper;
  // Kept once everything is out, so a crash before publishing loses nothing:
  // the next incarnation publishes the stored signals past these marks.
  const markPublished = async () => {
    const marks = outbox.takeMarks();
    if (marks.length > 0) {
      await store.applyTrading(marks.map((m) => ({ published: { account, ...m } })));
    }
  };
  const unpublished = await store.unpublishedSignals(account);
  if (unpublished.length > 0) {
    ctx.log.warn("{count} stored signals were never published (a crash): publishing them", {
      count: unpublished.length,
    });
    outbox.add(unpublished);
  }
  // In the background: a bus that is down must not hold up the start. The
  // first delivery's flush waits for this one, and retries what it left.
  const republished = outbox.flush().then(markPublished).catch((e) =>
    ctx.log.warn("stored signals not yet published: {error}", { error: errorMessage(e) })
  );
  // At most a page of analyses per transaction: a batch of batch messages
  // can hold 100,000s, and one transaction that long holds the store's write
  // lock past other writers' busy timeout (the alerter's outbox starved).
  const trade = async (analyses: readonly Analysis[]) => {
    await outbox.flush(); // what a failed publish left, before anything newer
    for (let i = 0; i < analyses.length; i += MAX_BATCH_ROWS) {
      outbox.add(await desk.onAnalyses(analyses.slice(i, i + MAX_BATCH_ROWS)));
      await outbox.flush();
    }
    await markPublished();
  };
  const sub = await ctx.bus.subscribe({
    group: ctx.name,
    topics: ["analysis"],
    handler: (message) => trade(analysesIn([message])),
    // One transaction for what is waiting: a replay or a backfill comes in
    // thousands, and a commit per signal and per fill was most of its time.
    batch: { handler: (messages) => trade(analysesIn(messages)) },
  });
  return {
    async stop() {
      await sub.close();
      await republished;
      await store.close();
    },
    stats: () => ({ signals: desk.signals, fills: desk.fills, cash: desk.paper.wallet.cash }),
  };
};
