import { getLogger } from "@logtape/logtape";
import { createStrategyActor } from "../actors/strategy/actor.ts";
import { TradingDesk } from "../actors/strategy/desk.ts";
import { createInProcessBus } from "../bus/in_process/mod.ts";
import { validateConfig } from "../config/mod.ts";
import { systemClock } from "../lib/clock.ts";
import { SimSource } from "../market/sim/mod.ts";
import type { Message, Series, Signal } from "../messages/mod.ts";
import { candleHistory, hasCandlesBetween } from "../store/history.ts";
import { openStore } from "../store/mod.ts";
import { resolveStrategies } from "../strategies/mod.ts";
import { analyse } from "../strategies/replay.ts";
import { assert, assertEquals } from "./assert.ts";

const SERIES: Series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };

/**
 * What a strategy actor that crashed right after committing a batch leaves:
 * the batch's signals stored (with its progress mark), none published. The
 * real desk stores them; the crash is that nothing publishes them.
 */
async function storedNotPublished(dataDir: string): Promise<Signal[]> {
  const config = validateConfig({ dataDir });
  const sim = new SimSource({ seed: "crash-publish" });
  const candles = await sim.fetchClosed(SERIES, Date.UTC(2024, 0, 1), 600, Number.MAX_SAFE_INTEGER);
  await sim.close();
  const store = await openStore({ dataDir });
  try {
    await store.upsertCandles(candles);
    const desk = await TradingDesk.open({
      strategies: resolveStrategies(config.strategies),
      paper: config.paper,
      store,
      history: (s, before) => candleHistory(store, s, before),
      hasBetween: (s, after, before) => hasCandlesBetween(store, s, after, before),
      log: getLogger(["ct", "test"]),
    });
    return await desk.onAnalyses(analyse(candles));
  } finally {
    await store.close();
  }
}

Deno.test("a strategy actor that crashed between storing signals and publishing them publishes them when it starts again", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "ct-crash-publish-" });
  const transport = createInProcessBus();
  const actorBus = transport.connect();
  const observer = transport.connect();
  const abort = new AbortController();
  try {
    const lost = await storedNotPublished(dataDir);
    assert(lost.length >= 5, `the crafted series gave only ${lost.length} signals`);

    const received: Message[] = [];
    await observer.subscribe({
      group: "observer",
      topics: ["signal"],
      handler: (m) => void received.push(m),
    });
    const config = validateConfig({ dataDir });
    const actor = await createStrategyActor({
      name: "strategy",
      config,
      bus: actorBus,
      clock: systemClock,
      log: getLogger(["ct", "test", "strategy"]),
      signal: abort.signal,
      finish: () => {},
      alert: () => Promise.resolve(),
    });
    try {
      for (let waited = 0; received.length < lost.length; waited += 10) {
        if (waited > 20_000) {
          throw new Error(`published ${received.length} of the ${lost.length} stored signals`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      assertEquals(received.map((m) => m.payload), lost);
      assertEquals(
        new Set(received.map((m) => m.id)).size,
        lost.length,
        "one message id per signal",
      );
    } finally {
      await actor.stop();
    }

    // Published and marked: the next start has nothing to send again.
    const store = await openStore({ dataDir, migrate: false });
    try {
      assertEquals(await store.unpublishedSignals(config.paper.account), []);
    } finally {
      await store.close();
    }
  } finally {
    abort.abort();
    await observer.close();
    await actorBus.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
