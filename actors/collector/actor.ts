import type { Config } from "../../config/mod.ts";
import { ConfigError, errorMessage, FatalError } from "../../lib/errors.ts";
import { openMarketSource, ReplaySource } from "../../market/mod.ts";
import type { MarketSource } from "../../market/source.ts";
import type { Series } from "../../messages/mod.ts";
import type { ActorFactory } from "../runtime/actor.ts";
import { storeOf } from "../store_of.ts";
import { Collector } from "./collector.ts";
import { publishCandles } from "./publish.ts";
import { CollectorFatalError } from "./types.ts";
import { checkWatchlist } from "./watchlist_check.ts";

/** The series to collect: the watchlist, or the one series a replay file holds. */
export function collectedSeries(config: Config): Series[] {
  const { exchange, symbols, timeframes } = config.watchlist;
  if (config.source === "replay") {
    return [{ exchange, symbol: symbols[0]!, timeframe: timeframes[0]! }];
  }
  return symbols.flatMap((symbol) =>
    timeframes.map((timeframe) => ({ exchange, symbol, timeframe }))
  );
}

function openSource(config: Config): Promise<MarketSource> {
  const { exchange, symbols, timeframes } = config.watchlist;
  switch (config.source) {
    case "sim":
      return openMarketSource({ kind: "sim", seed: config.seed, symbols });
    case "replay":
      return openMarketSource({
        kind: "replay",
        path: config.replayFile!,
        exchange,
        symbol: symbols[0]!,
        timeframe: timeframes[0]!,
      });
    case "ccxt":
      return openMarketSource({ kind: "ccxt", exchangeId: exchange });
  }
}

/**
 * The collector actor: candles from the configured source into the store,
 * then onto the bus (closed ones as `candle`, forming ones as `tick`).
 *
 * @example
 * ```ts ignore
 * serveActor(createCollectorActor);
 * ```
 */
export const createCollectorActor: ActorFactory = async (ctx) => {
  let source: MarketSource;
  try {
    source = await openSource(ctx.config);
  } catch (e) {
    // An unknown exchange id or a missing replay file: nothing a restart fixes.
    if (e instanceof RangeError || e instanceof Deno.errors.NotFound) {
      throw new ConfigError(`source ${ctx.config.source}: ${errorMessage(e)}`);
    }
    throw e;
  }
  const watchlist = collectedSeries(ctx.config);
  if (ctx.config.source === "ccxt") await checkWatchlist(source, watchlist, ctx.log);
  const store = await storeOf(ctx.config, ctx.onQuery);
  const abort = new AbortController();
  const collector = new Collector({
    source,
    sink: store,
    clock: ctx.clock,
    logger: ctx.log,
    watchlist,
    backfillDepth: ctx.config.collector.backfillCandles,
    backfillFrom: source instanceof ReplaySource
      ? source.report.firstOpenTime ?? undefined
      : undefined,
    signal: abort.signal,
    publish: (candles, kind) =>
      publishCandles(
        ctx.bus,
        ctx.name,
        ctx.clock.now(),
        candles,
        kind,
        ctx.config.collector.candlesPerMessage,
      ),
    onAlert: (a) => {
      ctx.alert({
        labels: { alertname: a.name, severity: a.severity, ...a.labels },
        annotations: { summary: a.summary },
      }).catch((e) => ctx.log.error("alert not published: {error}", { error: String(e) }));
    },
  });
  const running = collector.run().catch((e) => {
    if (abort.signal.aborted) return;
    // Authentication refused: restarting cannot help, so refuse to go on.
    const error = e instanceof CollectorFatalError
      ? new FatalError(e.message, { exitCode: 78 })
      : e;
    queueMicrotask(() => {
      throw error;
    });
  });
  return {
    async stop() {
      abort.abort();
      await running;
      await source.close();
      await store.close();
    },
    stats: () => ({ series: collector.stats() }),
  };
};
