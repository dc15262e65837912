/**
 * The OpenAPI 3.1 document's frame: info, servers, tags, security scheme.
 * Paths and schemas come from the route definitions themselves.
 *
 * @module
 */
import type { Config } from "../config/mod.ts";
import type { ApiApp } from "./deps.ts";
import { OBSERVABILITY_TAG } from "./metrics/observability_docs.ts";
import type { Resource } from "./routes/mod.ts";

/**
 * Version of the API (the `/api/v1` prefix is its major).
 *
 * @example
 * ```ts ignore
 * spec.info.version === API_VERSION; // "1.0.0"
 * ```
 */
export const API_VERSION = "1.0.0";

/**
 * Registers the bearer scheme and serves the document at `path`.
 *
 * @example
 * ```ts ignore
 * serveOpenApi(app, "/openapi.json", config, RESOURCES);
 * ```
 */
export function serveOpenApi(
  app: ApiApp,
  path: string,
  config: Config,
  resources: readonly Resource[],
): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "The configured `api.apiKey` (env `API_KEY`).",
  });
  const readsProtected = config.api.apiKey !== undefined && config.api.protectReads;
  const tags = resources.map((r) => ({ name: r.tag, description: r.description }));
  // Mounted by the caller before this (`extraRoutes`), or not at all.
  const observed = app.openAPIRegistry.definitions.some((d) =>
    d.type === "route" && d.route.tags?.includes(OBSERVABILITY_TAG)
  );
  if (observed) {
    tags.push({
      name: OBSERVABILITY_TAG,
      description:
        "Liveness, readiness and Prometheus metrics: no rate limit, health without a key.",
    });
  }
  app.doc31(path, {
    openapi: "3.1.0",
    info: {
      title: "Crypto-Trade API",
      version: API_VERSION,
      description: "Read market data, indicators, signals and paper-trading results; manage " +
        "actors. Times are epoch milliseconds in answers; parameters also take ISO 8601. " +
        "Every answer carries `X-Request-Id` and rate-limit headers (`RateLimit-*`, " +
        "`X-RateLimit-*`). Errors are `{ error, requestId }`, plus `details` on a 400.",
    },
    tags,
    security: readsProtected ? [{ bearer: [] }] : [],
  });
}
