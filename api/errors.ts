/**
 * How the API answers when something goes wrong: validation failures (400
 * with the parameters named), unknown routes (404) and anything unexpected
 * (500 with the request id and no stack: the stack goes to the log).
 *
 * @module
 */
import type { OpenAPIHonoOptions } from "@hono/zod-openapi";
import type { Logger } from "@logtape/logtape";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import { RetryableError } from "../lib/errors.ts";
import type { ApiEnv } from "./deps.ts";
import type { ValidationDetail } from "./schemas/errors.ts";

/**
 * The body of every error answer.
 *
 * @example
 * ```ts ignore
 * return c.json(errorBody(c, `no actor named "${id}"`), 404);
 * ```
 */
export function errorBody(c: Context<ApiEnv>, error: string): { error: string; requestId: string } {
  return { error, requestId: c.get("requestId") ?? "" };
}

const TARGET_NAMES: Record<string, string> = {
  query: "query parameters",
  param: "path parameters",
  json: "JSON body",
  header: "headers",
  form: "form body",
  cookie: "cookies",
};

/** A message that already quotes what was received. */
const RECEIVED = /\breceived\b/;

/**
 * One detail per zod issue, naming the parameter and, for query and path
 * parameters, quoting what was received.
 *
 * @example
 * ```ts ignore
 * validationDetails(error, "query", (name) => c.req.query(name));
 * ```
 */
export function validationDetails(
  error: ZodError,
  target: string,
  received: (name: string) => string | string[] | undefined,
): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        details.push({
          path: [...issue.path, key].join("."),
          in: target,
          message: "unknown parameter",
        });
      }
      continue;
    }
    const path = issue.path.map(String).join(".");
    const name = issue.path[0];
    const raw = (target === "query" || target === "param") && typeof name === "string"
      ? received(name)
      : undefined;
    let message = issue.message;
    if (raw === undefined && issue.code === "invalid_type" && issue.path.length === 1) {
      message = "required";
    } else if (Array.isArray(raw)) {
      message = `given ${raw.length} times; give it once`;
    } else if (raw !== undefined && !RECEIVED.test(message)) {
      // Schemas that parse a value (times) quote it themselves, for bodies too.
      message = `${message}, received ${JSON.stringify(raw)}`;
    }
    details.push({ path: path || target, in: target, message });
  }
  return details;
}

/**
 * The `defaultHook` of every route: a failed validation answers 400.
 *
 * @example
 * ```ts ignore
 * new OpenAPIHono<ApiEnv>({ defaultHook: validationHook });
 * ```
 */
export const validationHook: NonNullable<OpenAPIHonoOptions<ApiEnv>["defaultHook"]> = (
  result,
  c,
) => {
  if (result.success) return;
  const target = result.target;
  const received = (name: string) => {
    if (target === "param") return c.req.param(name);
    const all = c.req.queries(name);
    return all === undefined ? undefined : all.length === 1 ? all[0] : all;
  };
  return c.json({
    ...errorBody(c, `invalid ${TARGET_NAMES[target] ?? target}`),
    details: validationDetails(result.error as ZodError, target, received),
  }, 400);
};

/**
 * Answers 404 as JSON for a path (or method) no route serves.
 *
 * @example
 * ```ts ignore
 * app.notFound(notFound);
 * ```
 */
export const notFound: NotFoundHandler<ApiEnv> = (c) =>
  c.json(errorBody(c, `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);

/** What a 503 for a transient failure asks the client to wait when the error names no wait. */
const RETRY_AFTER_MS = 5_000;

/**
 * The app's error handler: an `HTTPException` keeps its status and message
 * (timeouts, body limits); a {@linkcode RetryableError} (storage
 * unreachable or busy) answers 503 with `Retry-After`, since the client
 * only has to ask again; anything else is logged with its stack and answers
 * 500 with only the request id.
 *
 * @example
 * ```ts ignore
 * app.onError(onError(logger));
 * ```
 */
export function onError(logger: Logger): ErrorHandler<ApiEnv> {
  return (err, c) => {
    // The request's logger carries its id; the app's is there for a failure
    // before the request-id middleware ran.
    const log = c.get("log") ?? logger;
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(errorBody(c, err.message), err.status as ContentfulStatusCode);
    }
    if (err instanceof HTTPException) {
      log.warn("{method} {path} failed with {status}: {error}", {
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: err.status,
        error: err.message,
      });
      return c.json(errorBody(c, err.message), err.status as ContentfulStatusCode);
    }
    if (err instanceof RetryableError) {
      const retryAfter = Math.max(1, Math.ceil((err.retryAfterMs ?? RETRY_AFTER_MS) / 1000));
      log.warn("{method} {path} unavailable: {error}", {
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        error: `${err.name}: ${err.message}`,
      });
      c.header("Retry-After", String(retryAfter));
      // The name says what is down; the message, which names hosts, stays in the log.
      return c.json(
        errorBody(c, `temporarily unavailable (${err.name}); retry in ${retryAfter} s`),
        503,
      );
    }
    log.error("{method} {path} failed: {error}", {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: err instanceof Error ? err.stack ?? err.message : String(err),
    });
    return c.json(errorBody(c, "internal server error"), 500);
  };
}
