import { getLogger } from "@logtape/logtape";
import { validateConfig } from "./config/mod.ts";
import { startSystem } from "./system/run.ts";
import { replayFile } from "./tests/pipeline_harness.ts";
import { waitFor } from "./tests/supervisor_harness.ts";
const N = Number(Deno.args[0]);
const actors = Deno.args[1].split(",");
const file = await replayFile(N, "rp");
const dataDir = await Deno.makeTempDir();
const config = validateConfig({
  source: "replay",
  replayFile: file.path,
  dataDir,
  collector: { backfillCandles: N },
  watchlist: { symbols: ["BTC/USDT"] },
  log: { level: "error" },
  actors,
});
const t0 = performance.now();
const sys = await startSystem(config, getLogger(["ct"]));
const b = sys.transport!.broker;
const last = actors.includes("strategy")
  ? "analysis"
  : actors.includes("analyzer")
  ? "candle"
  : null;
await waitFor(
  () => last ? (b.stats()[last]?.consumed ?? 0) >= N : (b.stats().candle?.published ?? 0) >= N,
  300000,
  "done",
);
const { sampleThreads } = await import("./bench/fixtures/thread_stats.ts");
const top = [...sampleThreads().values()].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 8);
console.log(top.map((t) => `${t.name}:${Math.round(t.cpuMs)}ms`).join(" "));
console.log(actors.join(","), N, ((performance.now() - t0) / 1000).toFixed(1), "s");
await sys.stop();
await Deno.remove(dataDir, { recursive: true });
await Deno.remove(file.path);
