/**
 * Error bodies: every non-2xx JSON answer has `error` (one sentence saying
 * what failed and what was received) and the request id to quote in reports.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";

/**
 * Any error answer.
 *
 * @example
 * ```ts
 * errorSchema.parse({ error: "no actor named \"x\"", requestId: "r-1" });
 * ```
 */
export const errorSchema = z.object({
  error: z.string(),
  requestId: z.string(),
}).openapi("Error");

/**
 * A 400: which parameters were wrong and why.
 *
 * @example
 * ```ts
 * validationErrorSchema.parse({
 *   error: "invalid query parameters",
 *   requestId: "r-1",
 *   details: [{ path: "limit", in: "query", message: "must be at most 1000, received 5000" }],
 * });
 * ```
 */
export const validationErrorSchema = errorSchema.extend({
  details: z.array(z.object({
    /** The parameter (dotted for nested body fields). */
    path: z.string(),
    /** Where it was: `query`, `param` (path), `json` (body), `header`. */
    in: z.string(),
    message: z.string(),
  })),
}).openapi("ValidationError");

/**
 * One parsed detail of {@linkcode validationErrorSchema}.
 *
 * @example
 * ```ts ignore
 * const d: ValidationDetail = { path: "limit", in: "query", message: "must be at most 1000" };
 * ```
 */
export type ValidationDetail = z.infer<typeof validationErrorSchema>["details"][number];

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/**
 * Error responses every API route may give, for route definitions.
 *
 * @example
 * ```ts
 * const responses = { 200: ok, ...commonErrors };
 * ```
 */
export const commonErrors = {
  400: json(validationErrorSchema, "A parameter is invalid; `details` names each one."),
  401: json(errorSchema, "Bearer API key missing or wrong (when a key is configured)."),
  429: json(errorSchema, "Rate limit exceeded; see `Retry-After`."),
  500: json(errorSchema, "Unexpected failure; quote `requestId`."),
  503: json(
    errorSchema,
    "The handler did not finish in time, or storage is unreachable or busy (with `Retry-After`).",
  ),
} as const;

/**
 * Extra errors of mutating routes.
 *
 * @example
 * ```ts
 * const responses = { 202: accepted, ...commonErrors, ...mutatingErrors };
 * ```
 */
export const mutatingErrors = {
  403: json(
    errorSchema,
    "A browser origin not listed in `api.corsOrigins` (nor the API's own) may not call mutating routes.",
  ),
  413: json(errorSchema, "Request body too large."),
} as const;

/**
 * A 404 response definition.
 *
 * @example
 * ```ts
 * const responses = { 200: ok, 404: notFoundResponse("No candles stored for the series.") };
 * ```
 */
export function notFoundResponse(description: string) {
  return json(errorSchema, description);
}
