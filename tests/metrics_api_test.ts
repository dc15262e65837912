/**
 * Observability plugged into the real API through its two hooks
 * (`extraRoutes`, `onRequest`): `/metrics` follows the API's read
 * protection, `/health` and `/ready` stay open to probes, and requests are
 * counted by matched route.
 */
import { getLogger } from "@logtape/logtape";
import { createApp } from "../api/app.ts";
import { createObservability, mountObservability } from "../api/metrics/mod.ts";
import { validateConfig } from "../config/mod.ts";
import { openStore } from "../store/mod.ts";
import { assertEquals, assertStringIncludes } from "./assert.ts";
import { replayFile, startPipeline, waitProcessed } from "./pipeline_harness.ts";

const KEY = "metrics-test-key-0123456789";

Deno.test({
  name: "the API serves metrics behind its read key and probes without one, counting each route",
  sanitizeResources: false, // node:sqlite handles in workers close after the test's own check (as pipeline_test)
  async fn() {
    const file = await replayFile(300, "metrics-api");
    const run = await startPipeline(file.path, 300);
    const config = validateConfig({
      ...run.config,
      api: { ...run.config.api, apiKey: KEY, protectReads: true },
    });
    const obs = createObservability({ system: run.system, config });
    const store = await openStore({ dataDir: run.dataDir, migrate: false, onQuery: obs.onQuery });
    try {
      await waitProcessed(run, 300);
      const app = createApp({
        config,
        store,
        actors: run.system.supervisor,
        bus: run.system.bus,
        now: Date.now,
        logger: getLogger(["ct", "test", "api"]),
        extraRoutes: (app, kit) => mountObservability(app, obs, kit),
        onRequest: obs.onRequest,
      });
      assertEquals((await app.request("/health")).status, 200);
      assertEquals((await app.request("/ready")).status, 200);
      const denied = await app.request("/metrics");
      assertEquals(denied.status, 401);
      await denied.body?.cancel();
      // Actors' queries count in the same histogram, so look at what the API's request adds.
      const scrape = async () =>
        await (await app.request("/metrics", { headers: { Authorization: `Bearer ${KEY}` } }))
          .text();
      const rangeQueries = (text: string) =>
        Number(
          /db_query_duration_seconds_count\{operation="candles\.range"\} (\d+)/.exec(text)?.[1] ??
            0,
        );
      const before = rangeQueries(await scrape());
      const candles = await app.request("/api/v1/candles?symbol=BTC/USDT&timeframe=1m", {
        headers: { Authorization: `Bearer ${KEY}` },
      });
      assertEquals(candles.status, 200);
      await candles.body?.cancel();

      const res = await app.request("/metrics", { headers: { Authorization: `Bearer ${KEY}` } });
      assertEquals(res.status, 200);
      const text = await res.text();
      for (
        const line of [
          'http_requests_total{method="GET",route="/health",status="200"} 1',
          'http_requests_total{method="GET",route="/ready",status="200"} 1',
          'http_requests_total{method="GET",route="/metrics",status="401"} 1',
          'http_requests_total{method="GET",route="/metrics",status="200"} 1',
          'http_requests_total{method="GET",route="/api/v1/candles",status="200"} 1',
          'http_request_duration_seconds_count{method="GET",route="/api/v1/candles"} 1',
          'candles_ingested_total{exchange="binance",symbol="BTC/USDT",timeframe="1m"} 300',
        ]
      ) assertStringIncludes(text, line);
      // The API's store reports its queries through the same hook: one range query for the request.
      assertEquals(rangeQueries(text), before + 1);
    } finally {
      await obs.close();
      await store.close();
      await run.system.stop();
      await Deno.remove(file.path);
      await Deno.remove(run.dataDir, { recursive: true });
    }
  },
});
