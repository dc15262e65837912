import { assert, assertEquals } from "./assert.ts";
import { resolveStrategies } from "../strategies/mod.ts";
import { replaySignals } from "../strategies/replay.ts";
import { validateConfig } from "../config/mod.ts";
import { connectAdmin, deletePrefix, REDIS_URL } from "./fixtures/redis_bus_fixture.ts";
import {
  outcome,
  replayFile,
  startPipeline,
  untilApplied,
  waitProcessed,
} from "./pipeline_harness.ts";

const COUNT = 3_000;

Deno.test({
  name:
    "replay → collector → analyzer → strategy stores exactly the signals known in advance, and restarts change nothing",
  sanitizeResources: false, // ccxt-free, but node:sqlite handles in workers close after the test's own check
  async fn(t) {
    const file = await replayFile(COUNT);
    // Known in advance: the same strategies run purely over the same candles.
    const strategies = resolveStrategies(validateConfig({}).strategies);
    const expected = replaySignals(strategies, file.candles).signals
      .sort((a, b) => a.openTime - b.openTime || a.strategy.localeCompare(b.strategy));
    assert(
      expected.length > 20,
      `the crafted series should produce signals, got ${expected.length}`,
    );
    const dirs: string[] = [];
    try {
      let baseline!: Awaited<ReturnType<typeof outcome>>;
      await t.step(
        "an uninterrupted run stores every candle and exactly the expected signals",
        async () => {
          const run = await startPipeline(file.path, COUNT);
          dirs.push(run.dataDir);
          try {
            await waitProcessed(run, COUNT);
          } finally {
            await run.system.stop();
          }
          baseline = await outcome(run.dataDir);
          assertEquals(baseline.candles, COUNT);
          assertEquals(baseline.signals, expected);
          assert(baseline.orders.length > 0, "paper trading placed no orders");
        },
      );

      await t.step(
        "restarting every actor mid-stream gives the same signals, orders, trades and wallet",
        async () => {
          // A third arrives at start, the rest over ~12 s of replay, so the restarts land
          // mid-stream even when parallel test files load both cores.
          const run = await startPipeline(file.path, COUNT / 3, 10_000);
          dirs.push(run.dataDir);
          try {
            for (
              const [actor, at] of [
                ["strategy", COUNT / 4],
                ["analyzer", COUNT / 2],
                ["collector", (2 * COUNT) / 3],
                ["strategy", (3 * COUNT) / 4],
              ] as const
            ) {
              let seen = 0;
              await untilApplied(run, (n) => (seen = n) >= at, 60_000, `${at} candles applied`);
              assert(seen < COUNT, `${actor} restarted after the stream ended`);
              await run.system.supervisor.restart(actor);
            }
            await waitProcessed(run, COUNT);
          } finally {
            await run.system.stop();
          }
          const restarted = await outcome(run.dataDir);
          const status = run.system.supervisor.status();
          assertEquals(status.map((s) => s.restartsByReason.manual ?? 0), [0, 2, 1, 1]);
          assertEquals(restarted, baseline);
        },
      );
    } finally {
      await Deno.remove(file.path);
      for (const dir of dirs) await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "over Redis Streams, replay → collector → analyzer → strategy stores exactly the signals known in advance",
  sanitizeResources: false, // as above
  async fn() {
    const count = 2_500;
    const file = await replayFile(count, "pipeline-redis");
    const strategies = resolveStrategies(validateConfig({}).strategies);
    const expected = replaySignals(strategies, file.candles).signals
      .sort((a, b) => a.openTime - b.openTime || a.strategy.localeCompare(b.strategy));
    const prefix = `ct-test-${crypto.randomUUID()}`;
    const admin = await connectAdmin();
    // The backfill arrives as candle batches and leaves the analyzer as
    // analysis batches: messages of ~100 kB as stream entries.
    const run = await startPipeline(file.path, count, 1, { url: REDIS_URL, prefix });
    try {
      await waitProcessed(run, count);
      const stats = await run.system.bus.stats();
      assert(
        (stats.candle?.published ?? 0) < count / 100,
        `${stats.candle?.published} candle messages for ${count} candles: not batched`,
      );
      assertEquals(stats.candle?.deadLettered, 0);
      assertEquals(stats.analysis?.deadLettered, 0);
    } finally {
      await run.system.stop();
      await deletePrefix(admin, prefix);
      await admin.close();
      await Deno.remove(file.path);
    }
    try {
      const stored = await outcome(run.dataDir);
      assertEquals(stored.candles, count);
      assertEquals(stored.signals, expected);
      assert(stored.orders.length > 0, "paper trading placed no orders");
    } finally {
      await Deno.remove(run.dataDir, { recursive: true });
    }
  },
});
