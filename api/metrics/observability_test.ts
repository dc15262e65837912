import { validateConfig } from "../../config/mod.ts";
import { assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { createObservability } from "./observability.ts";

const idleSystem = {
  supervisor: { status: () => [], snapshots: () => Promise.resolve([]) },
  bus: { stats: () => Promise.resolve({}) },
};

Deno.test("the main thread's slow-query log uses the configured threshold", async () => {
  const obs = createObservability({
    system: idleSystem,
    config: validateConfig({ actors: ["collector"], monitor: { slowQueryMs: 200 } }),
  });
  try {
    obs.onQuery("candles.range", 0.3);
    obs.onQuery("candles.latest", 0.1);
    assertEquals(obs.monitor.slowQueries.thresholdSeconds, 0.2);
    assertEquals(obs.monitor.slowQueries.recent().map((q) => q.operation), ["candles.range"]);
    const counted = await obs.registry.getSingleMetricAsString("db_slow_queries_total");
    assertStringIncludes(counted, 'db_slow_queries_total{operation="candles.range"} 1');
    assertEquals(counted.includes('operation="candles.latest"} 1'), false, counted);
  } finally {
    await obs.close();
  }
});
