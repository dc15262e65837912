import { assert, assertEquals } from "./assert.ts";
import { resolveStrategies } from "../strategies/mod.ts";
import { replaySignals } from "../strategies/replay.ts";
import { validateConfig } from "../config/mod.ts";
import { connectAdmin, deletePrefix, REDIS_URL } from "./fixtures/redis_bus_fixture.ts";
import {
  outcome,
  type PipelineOptions,
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
          const run = await startPipeline(file.path, COUNT / 3, { speed: 10_000 });
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

/** The expected signals of `file`'s candles: the strategies run purely over them. */
function expectedSignals(candles: Parameters<typeof replaySignals>[1]) {
  const strategies = resolveStrategies(validateConfig({}).strategies);
  return replaySignals(strategies, candles).signals
    .sort((a, b) => a.openTime - b.openTime || a.strategy.localeCompare(b.strategy));
}

/** Runs the whole backfill of `count` candles and checks what was stored; cleans up either way. */
async function storesExpected(
  count: number,
  seed: string,
  options: PipelineOptions,
  check?: (run: Awaited<ReturnType<typeof startPipeline>>) => Promise<void>,
): Promise<void> {
  const file = await replayFile(count, seed);
  let dataDir: string | undefined;
  try {
    const run = await startPipeline(file.path, count, options);
    dataDir = run.dataDir;
    try {
      await waitProcessed(run, count);
      await check?.(run);
    } finally {
      await run.system.stop();
    }
    const stored = await outcome(run.dataDir);
    assertEquals(stored.candles, count);
    assertEquals(stored.signals, expectedSignals(file.candles));
    assert(stored.orders.length > 0, "paper trading placed no orders");
  } finally {
    await Deno.remove(file.path);
    if (dataDir) await Deno.remove(dataDir, { recursive: true });
  }
}

Deno.test({
  name:
    "over Redis Streams, replay → collector → analyzer → strategy stores exactly the signals known in advance",
  sanitizeResources: false, // as above
  async fn() {
    const prefix = `ct-test-${crypto.randomUUID()}`;
    const admin = await connectAdmin();
    const count = 2_500;
    try {
      // The backfill arrives as candle batches and leaves the analyzer as
      // analysis batches: messages of ~100 kB as stream entries.
      await storesExpected(
        count,
        "pipeline-redis",
        { redis: { url: REDIS_URL, prefix } },
        async (run) => {
          const stats = await run.system.bus.stats();
          assert(
            (stats.candle?.published ?? 0) < count / 100,
            `${stats.candle?.published} candle messages for ${count} candles: not batched`,
          );
          assertEquals(stats.candle?.deadLettered, 0);
          assertEquals(stats.analysis?.deadLettered, 0);
        },
      );
    } finally {
      await deletePrefix(admin, prefix);
      await admin.close();
    }
  },
});

Deno.test({
  name:
    "with every data actor in its own process, batches cross stdio as JSON and the pipeline stores exactly the known signals",
  sanitizeResources: false, // as above
  async fn() {
    const processes = { isolation: "process" };
    await storesExpected(
      2_500,
      "pipeline-process",
      { actorSettings: { collector: processes, analyzer: processes, strategy: processes } },
      async (run) => {
        const status = run.system.supervisor.status();
        assertEquals(Object.fromEntries(status.map((s) => [s.id, s.isolation])), {
          alerter: "worker",
          collector: "process",
          analyzer: "process",
          strategy: "process",
        });
        const dead = await run.system.bus.deadLetters(10);
        assertEquals(dead.map((d) => d.error), []);
      },
    );
  },
});
