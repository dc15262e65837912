import { replayFile, startPipeline, waitProcessed } from "../tests/pipeline_harness.ts";
const N = Number(Deno.args[0] ?? 131_400);
const file = await replayFile(N, "bench-year");
const t0 = performance.now();
const run = await startPipeline(file.path, N);
await waitProcessed(run, N, 300_000);
const s = (performance.now() - t0) / 1000;
console.log(`replayed ${N} in ${s.toFixed(1)} s (${Math.round(N / s)}/s)`);
const { threadTimes } = await import("./threads.ts");
const tt = threadTimes();
console.log(
  Object.entries(tt).filter(([, v]) => v > 0.05).map(([k, v]) => `${k}=${v.toFixed(2)}`).join(" "),
  "total",
  Object.values(tt).reduce((a, b) => a + b, 0).toFixed(2),
);
await run.system.stop();
await Deno.remove(run.dataDir, { recursive: true });
await Deno.remove(file.path);
