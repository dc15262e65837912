/**
 * A simulated market run faster than real time leaves candles ahead of the
 * wall clock; started again on the same data, it carries on from them
 * instead of going silent until the wall clock catches up.
 */
import { getLogger } from "@logtape/logtape";
import { validateConfig } from "../config/mod.ts";
import { openStore } from "../store/mod.ts";
import { startSystem } from "../system/run.ts";
import { assert } from "./assert.ts";
import { waitFor } from "./supervisor_harness.ts";

const SERIES = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };

Deno.test({
  name: "a simulated market started again on its own data resumes where its candles end",
  sanitizeResources: false, // node:sqlite handles in the worker close after the test's own check
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "ct-sim-resume-" });
    const config = validateConfig({
      dataDir,
      source: "sim",
      speed: 600,
      actors: ["collector"],
      watchlist: { exchange: SERIES.exchange, symbols: [SERIES.symbol], timeframes: ["1m"] },
      collector: { backfillCandles: 10 },
      api: { port: 0 },
      log: { level: "fatal" },
      supervisor: { statusIntervalMs: 3_600_000 },
    });
    const log = getLogger(["ct", "test", "system"]);
    const store = await openStore({ dataDir, logger: log });
    try {
      const first = await startSystem(config, log);
      try {
        // Ten simulated minutes a real second: let the candles run an hour ahead.
        await waitFor(
          async () => ((await store.lastCandleTime(SERIES)) ?? 0) > Date.now() + 3_600_000,
          30_000,
          "candles an hour ahead of the wall clock",
        );
      } finally {
        await first.stop();
      }
      const lastOpen = (await store.lastCandleTime(SERIES))!;

      const second = await startSystem(config, log);
      try {
        const [collector] = await second.supervisor.snapshots(5_000);
        assert(collector !== undefined, "the collector answers for its clock");
        assert(
          collector.now >= lastOpen + 60_000,
          `the clock resumes at the stored candles' end (${
            new Date(lastOpen + 60_000).toISOString()
          }), ` +
            `not near the wall clock; it reads ${new Date(collector.now).toISOString()}`,
        );
        await waitFor(
          async () => ((await store.lastCandleTime(SERIES)) ?? 0) > lastOpen,
          30_000,
          "the next simulated candle after the stored ones",
        );
      } finally {
        await second.stop();
      }
    } finally {
      await store.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
