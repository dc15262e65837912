import { Registry } from "prom-client";
import { SlowQueryLog } from "../../monitor/slow_queries.ts";
import { openStore } from "../../store/mod.ts";
import { assert, assertStringIncludes } from "../../tests/assert.ts";
import { storeMetrics } from "./store.ts";

Deno.test("a real store's operations are timed by operation and slow ones counted", async () => {
  const registry = new Registry();
  const db = storeMetrics(registry);
  // Threshold 0: every operation counts as slow, so the counter must follow the histogram.
  const slow = new SlowQueryLog({ thresholdSeconds: 0, onSlow: db.slow });
  const dir = await Deno.makeTempDir();
  const store = await openStore({
    dataDir: dir,
    onQuery: (op, s) => {
      db.observe(op, s);
      slow.hook(op, s);
    },
  });
  try {
    await store.ping();
    await store.ping();
    await store.lastCandleTime({ exchange: "x", symbol: "A/B", timeframe: "1m" });
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
  const text = await registry.metrics();
  assertStringIncludes(text, 'db_query_duration_seconds_count{operation="ping"} 2');
  assertStringIncludes(text, 'db_query_duration_seconds_count{operation="candles.last_time"} 1');
  assertStringIncludes(text, 'db_slow_queries_total{operation="ping"} 2');
  assertStringIncludes(text, 'db_slow_queries_total{operation="candles.last_time"} 1');
  assertStringIncludes(text, 'db_slow_queries_total{operation="signals.insert"} 0');
  assert(slow.count >= 3);
});
