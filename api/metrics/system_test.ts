import { Registry } from "prom-client";
import { EventLoopLagSampler } from "../../monitor/event_loop_lag.ts";
import { assert, assertStringIncludes } from "../../tests/assert.ts";
import { systemMetrics } from "./system.ts";

Deno.test("system metrics report process, host and data-dir figures and the loop lag", async () => {
  const dir = await Deno.makeTempDir();
  let now = 0;
  const lag = new EventLoopLagSampler({ intervalMs: 10, windowMs: 1_000, now: () => now });
  lag.record({ at: 0, lagMs: 250 });
  try {
    const registry = new Registry();
    systemMetrics(registry, { lag, dataDir: dir });
    const text = await registry.metrics();
    const value = (line: string) => {
      const m = new RegExp(`^${line.replace(/[{}"]/g, "\\$&")} (\\S+)$`, "m").exec(text);
      assert(m, `no ${line}`);
      return Number(m[1]);
    };
    assert(value("process_cpu_seconds_total") > 0);
    assert(value("process_resident_memory_bytes") > value("process_heap_used_bytes"));
    assert(value('host_cpu_seconds_total{mode="idle"}') > 0);
    assert(value('host_load_average{period="1m"}') >= 0);
    assert(value("host_memory_available_bytes") <= value("host_memory_total_bytes"));
    assert(
      value(`disk_available_bytes{path="${dir}"}`) <= value(`disk_total_bytes{path="${dir}"}`),
    );
    assertStringIncludes(text, "event_loop_lag_seconds 0.25");
    now = 5_000; // the block left the window
    assertStringIncludes(await registry.metrics(), "event_loop_lag_seconds 0\n");
  } finally {
    await Deno.remove(dir);
  }
});
