import { assert, assertEquals } from "./assert.ts";
import { resolveStrategies } from "../strategies/mod.ts";
import { replaySignals } from "../strategies/replay.ts";
import { validateConfig } from "../config/mod.ts";
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
