// deno-lint-ignore-file no-console -- a bench reports its figures on stdout
/**
 * One year of 1m candles (525,600) for one symbol replayed through
 * collector → analyzer → strategy → storage, in process with real workers
 * and the embedded store. Target: at most 10 s.
 *
 * Each replay runs in a process of its own (`fixtures/replay_run.ts`), as a
 * user's `deno task start --source replay` does: sharing this process with
 * the baseline's half a million candles slowed the first replay to 2x
 * (V8's collector marking a heap the replay never uses). The replays run
 * before the baseline: right after it, this process's collector still
 * competed for the 2 cores and the first replay took ~1.5 s longer.
 *
 * Baseline in the same run: the same candles through the pure pieces on one
 * thread (indicators + strategies via `replaySignals`), no bus, no storage.
 */
import { validateConfig } from "../config/mod.ts";
import { resolveStrategies } from "../strategies/mod.ts";
import { replaySignals } from "../strategies/replay.ts";
import { replayFile } from "../tests/pipeline_harness.ts";
import { parseReplayedLine } from "./fixtures/replay_run.ts";

const YEAR = 525_600;
const file = await replayFile(YEAR, "bench-year");
const strategies = resolveStrategies(validateConfig({}).strategies);
globalThis.addEventListener("unload", () => Deno.removeSync(file.path));

Deno.bench({
  name: "collector → analyzer → strategy → storage, in process, a year of 1m candles",
  group: "replay a year",
  n: 1,
  warmup: 0,
  async fn(b) {
    const runner = new URL("./fixtures/replay_run.ts", import.meta.url).pathname;
    // Timed from the process start: loading the code is part of a replay.
    b.start();
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", runner, file.path, String(YEAR)],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    b.end();
    const text = new TextDecoder().decode(out.stdout);
    const seconds = text.split("\n").map(parseReplayedLine).find((s) => s !== null);
    if (!out.success || seconds === undefined) {
      throw new Error(`replay_run.ts exited ${out.code} without a REPLAYED line: ${text}`);
    }
    const threads = text.split("\n").find((line) => line.startsWith("THREADS ")) ?? "";
    console.log(
      `replayed ${YEAR} candles in ${seconds.toFixed(1)} s (${
        Math.round(YEAR / seconds)
      } candles/s), system start to last candle applied; ${threads.slice("THREADS ".length)}`,
    );
  },
});

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
