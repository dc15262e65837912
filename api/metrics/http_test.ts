import { Registry } from "prom-client";
import { assert, assertStringIncludes } from "../../tests/assert.ts";
import { httpMetrics } from "./http.ts";

Deno.test("each request counts by method, route and status and times by method and route", async () => {
  const registry = new Registry();
  const onRequest = httpMetrics(registry);
  onRequest({ method: "GET", route: "/api/v1/candles", status: 200, seconds: 0.003 });
  onRequest({ method: "GET", route: "/api/v1/candles", status: 200, seconds: 0.3 });
  onRequest({ method: "POST", route: "/api/v1/actors/:id/restart", status: 401, seconds: 0.001 });
  const text = await registry.metrics();
  assertStringIncludes(
    text,
    'http_requests_total{method="GET",route="/api/v1/candles",status="200"} 2',
  );
  assertStringIncludes(
    text,
    'http_requests_total{method="POST",route="/api/v1/actors/:id/restart",status="401"} 1',
  );
  assertStringIncludes(
    text,
    'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/candles"} 1',
  );
  assertStringIncludes(
    text,
    'http_request_duration_seconds_count{method="GET",route="/api/v1/candles"} 2',
  );
});

Deno.test("response cache hits and misses count by route, requests without a cache not at all", async () => {
  const registry = new Registry();
  const onRequest = httpMetrics(registry);
  onRequest({
    method: "GET",
    route: "/api/v1/signals",
    status: 200,
    seconds: 0.001,
    cache: "miss",
  });
  onRequest({ method: "GET", route: "/api/v1/signals", status: 200, seconds: 0.001, cache: "hit" });
  onRequest({ method: "GET", route: "/api/v1/signals", status: 200, seconds: 0.001, cache: "hit" });
  onRequest({ method: "GET", route: "/health", status: 200, seconds: 0.001 });
  const text = await registry.metrics();
  assertStringIncludes(text, 'http_response_cache_total{route="/api/v1/signals",result="hit"} 2');
  assertStringIncludes(text, 'http_response_cache_total{route="/api/v1/signals",result="miss"} 1');
  assert(!text.includes('http_response_cache_total{route="/health"'), text);
});
