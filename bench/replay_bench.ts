/**
 * One year of 1m candles (525,600) for one symbol replayed through
 * collector → analyzer → strategy → storage, in process with real workers
 * and the embedded store. Target: at most 10 s.
 *
 * Baseline in the same run: the same candles through the pure pieces on one
 * thread (indicators + strategies via `replaySignals`), no bus, no storage.
 */
import { validateConfig } from "../config/mod.ts";
import { resolveStrategies } from "../strategies/mod.ts";
import { replaySignals } from "../strategies/replay.ts";
import { replayFile, startPipeline, waitProcessed } from "../tests/pipeline_harness.ts";

const YEAR = 525_600;
const file = await replayFile(YEAR, "bench-year");
const strategies = resolveStrategies(validateConfig({}).strategies);
globalThis.addEventListener("unload", () => Deno.removeSync(file.path));

Deno.bench({
  name: "pure indicators + strategies over a year of 1m candles (no bus, no storage)",
  group: "replay a year",
  baseline: true,
  n: 1,
  warmup: 0,
  fn() {
    replaySignals(strategies, file.candles);
  },
});

Deno.bench({
  name: "collector → analyzer → strategy → storage, in process, a year of 1m candles",
  group: "replay a year",
  n: 1,
  warmup: 0,
  async fn(b) {
    // Timed from the start of the system: starting the actors is part of a replay.
    b.start();
    const t0 = performance.now();
    const run = await startPipeline(file.path, YEAR);
    await waitProcessed(run, YEAR, 300_000);
    const seconds = (performance.now() - t0) / 1000;
    b.end();
    console.log(
      `replayed ${YEAR} candles in ${seconds.toFixed(1)} s (${
        Math.round(YEAR / seconds)
      } candles/s)`,
    );
    await run.system.stop();
    await Deno.remove(run.dataDir, { recursive: true });
  },
});
