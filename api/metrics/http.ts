import { Counter, Histogram, type Registry } from "prom-client";
import type { RequestInfo } from "../deps.ts";

/**
 * Request duration buckets, seconds: from a cached read to a slow report.
 *
 * @example
 * ```ts
 * httpDurationBuckets[0]; // 0.005
 * ```
 */
export const httpDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Registers `http_requests_total{method,route,status}`,
 * `http_request_duration_seconds{method,route}` and
 * `http_response_cache_total{route,result}` (requests a response cache
 * answered, `hit`, or had to render, `miss`; routes without one are not
 * counted) and returns the app's `onRequest` hook that feeds them.
 *
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * const onRequest = httpMetrics(new Registry());
 * onRequest({ method: "GET", route: "/api/v1/candles", status: 200, seconds: 0.004 });
 * onRequest({ method: "GET", route: "/api/v1/signals", status: 200, seconds: 0.001, cache: "hit" });
 * ```
 */
export function httpMetrics(registry: Registry): (info: RequestInfo) => void {
  const requests = new Counter({
    name: "http_requests_total",
    help: "API requests by method, matched route and status code.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "API request duration by method and matched route, seconds.",
    labelNames: ["method", "route"] as const,
    buckets: httpDurationBuckets,
    registers: [registry],
  });
  const cached = new Counter({
    name: "http_response_cache_total",
    help: "API requests answered from a response cache (hit) or rendered into it (miss).",
    labelNames: ["route", "result"] as const,
    registers: [registry],
  });
  return ({ method, route, status, seconds, cache }) => {
    requests.inc({ method, route, status: String(status) });
    duration.observe({ method, route }, seconds);
    if (cache !== undefined) cached.inc({ route, result: cache });
  };
}
