/**
 * A 400 raised by a handler (a check the schemas cannot make: it needs the
 * current time, the store, or a repeated query parameter), shaped exactly
 * like the validation hook's.
 *
 * @module
 */
import type { Context } from "hono";
import type { ApiEnv } from "../deps.ts";
import { errorBody } from "../errors.ts";
import { validationErrorSchema } from "../schemas/errors.ts";

const TARGETS = { query: "query parameters", param: "path parameters", json: "JSON body" };

/** Where the bad value was. */
export type Target = keyof typeof TARGETS;

/**
 * One problem with one field.
 *
 * @example
 * ```ts
 * const d: Problem = { path: "endsAt", message: "must be in the future" };
 * ```
 */
export interface Problem {
  /** The field, dotted for nested body fields (`matchers.0`). */
  path: string;
  message: string;
}

/**
 * The 400 response definition of a route whose handler calls
 * {@linkcode invalid}, placed after `...commonErrors`: the 400 spread from
 * there does not reach the handler's typed responses, so returning a 400
 * would not type-check without it.
 *
 * @example
 * ```ts ignore
 * const responses = { 200: ok, ...commonErrors, 400: badRequestResponse };
 * ```
 */
export const badRequestResponse = {
  description: "A parameter is invalid; `details` names each one.",
  content: { "application/json": { schema: validationErrorSchema } },
};

/**
 * The 400 answer for `problems` in `target`.
 *
 * @example
 * ```ts ignore
 * return invalid(c, "query", [{ path: "label", message: "bad matcher \"a=~(\"" }]);
 * ```
 */
export function invalid(c: Context<ApiEnv>, target: Target, problems: readonly Problem[]) {
  return c.json({
    ...errorBody(c, `invalid ${TARGETS[target]}`),
    details: problems.map((p) => ({ path: p.path, in: target, message: p.message })),
  }, 400);
}
