/**
 * The OpenAPI entries of `/health`, `/ready` and `/metrics`. They are plain
 * routes (no validation to generate them from, no rate limit, health without
 * a key), so they are registered as paths beside the generated ones.
 *
 * @module
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import type { CheckResult, ReadinessReport } from "../health/checks.ts";
import type { LivenessReport } from "../health/liveness.ts";

/**
 * Tag of the observability routes in the document.
 *
 * @example
 * ```ts ignore
 * spec.paths["/health"].get.tags; // [OBSERVABILITY_TAG]
 * ```
 */
export const OBSERVABILITY_TAG = "observability";

const liveness = z.object({
  status: z.literal("ok"),
  uptimeSeconds: z.number(),
  actors: z.object({ total: z.number().int(), running: z.number().int() }),
}).openapi("Liveness") satisfies z.ZodType<LivenessReport>;

const check = z.object({
  name: z.string().openapi({ example: "storage" }),
  ok: z.boolean(),
  ms: z.number().openapi({ description: "How long the check took." }),
  detail: z.string().optional().openapi({
    description: "On success, what it saw; on failure, why it failed.",
  }),
}) satisfies z.ZodType<CheckResult>;

const readiness = z.object({
  status: z.enum(["ready", "not_ready"]),
  checks: z.array(check),
  failing: z.array(z.string()).openapi({ description: "Names of the checks that failed." }),
}).openapi("Readiness") satisfies z.ZodType<ReadinessReport>;

const unhealthy = z.object({ status: z.literal("fail"), error: z.string() });

const noStore = {
  "Cache-Control": { schema: { type: "string" as const, example: "no-store" } },
};

/**
 * Adds the three paths to `registry`. Not rate limited, so no 429; they
 * take no parameters, so no 400. `/metrics` needs the key when reads are
 * protected; the health routes never do (a probe carries no key).
 *
 * @example
 * ```ts ignore
 * documentObservability(app.openAPIRegistry);
 * ```
 */
export function documentObservability(
  registry: OpenAPIHono["openAPIRegistry"],
): void {
  registry.registerPath({
    method: "get",
    path: "/health",
    tags: [OBSERVABILITY_TAG],
    summary: "Liveness: the process and its supervisor answer",
    security: [],
    responses: {
      200: {
        description: "Alive. Actors are counted, not judged: that is readiness.",
        headers: noStore,
        content: { "application/json": { schema: liveness } },
      },
      503: {
        description: "The supervisor did not answer.",
        headers: noStore,
        content: { "application/json": { schema: unhealthy } },
      },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/ready",
    tags: [OBSERVABILITY_TAG],
    summary: "Readiness: storage, Redis, each actor's heartbeat, the exchange",
    security: [],
    responses: {
      200: {
        description: "Every check passed.",
        headers: noStore,
        content: { "application/json": { schema: readiness } },
      },
      503: {
        description: "At least one check failed; `failing` names them.",
        headers: noStore,
        content: { "application/json": { schema: readiness } },
      },
    },
  });
  registry.registerPath({
    method: "get",
    path: "/metrics",
    tags: [OBSERVABILITY_TAG],
    summary: "Prometheus metrics of this process and its actors",
    responses: {
      200: {
        description: "The Prometheus text exposition format.",
        headers: noStore,
        content: { "text/plain": { schema: z.string() } },
      },
      401: {
        description: "Reads are protected (`api.protectReads`) and the key is missing or wrong.",
      },
    },
  });
}
