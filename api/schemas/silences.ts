/**
 * Schemas of the silence routes: matchers (objects or Alertmanager
 * strings), the posted silence, and the listed one.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import { compileMatcher, parseMatcher, type SilenceView } from "../../alerting/dispatch/mod.ts";
import type { Matcher } from "../../alerting/model.ts";
import { parseTime, TIME_ACCEPTED } from "./time.ts";

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LABEL_NAME_MESSAGE =
  "expected a label name (letters, digits and _, not starting with a digit)";
const epochMs = z.number().int().openapi({ description: "Epoch milliseconds." });
const matchType = z.enum(["=", "!=", "=~", "!~"]);

/** Adds an issue when the matcher's regex does not compile. */
function checkRegex(m: Matcher, ctx: z.RefinementCtx): void {
  try {
    compileMatcher(m);
  } catch (e) {
    ctx.addIssue({ code: "custom", path: ["value"], message: (e as Error).message });
  }
}

const matcherObject = z.object({
  name: z.string().regex(LABEL_NAME, LABEL_NAME_MESSAGE),
  type: matchType,
  value: z.string().max(1024),
}).superRefine(checkRegex);

/**
 * A matcher: `{ name, type, value }` or an Alertmanager string such as
 * `severity=~"warning|critical"`. A string is parsed first, then checked as
 * the object would be (a preprocess rather than a union: zod reports a
 * failed union as a bare "Invalid input").
 *
 * @example
 * ```ts
 * matcherIn.parse('exchange="kraken"'); // { name: "exchange", type: "=", value: "kraken" }
 * ```
 */
export const matcherIn = z.preprocess((value, ctx) => {
  if (typeof value !== "string") return value;
  try {
    return parseMatcher(value);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: (e as Error).message, input: value });
    return value;
  }
}, matcherObject).openapi({
  // OpenAPI 3.1 (JSON Schema): the object's keywords do not constrain a string.
  type: ["object", "string"],
  description: 'An object, or a string in Alertmanager syntax (`exchange="kraken"`, ' +
    '`severity=~"warning|critical"`); regexes are fully anchored.',
});

/**
 * A time in a JSON body: epoch ms, or an ISO 8601 string (UTC when it has
 * no zone), as {@linkcode parseTime} reads it.
 *
 * @example
 * ```ts
 * bodyTime.parse("2024-01-31T12:00:00Z") === bodyTime.parse(1706702400000); // true
 * ```
 */
export const bodyTime = z.preprocess((value, ctx) => {
  if (typeof value !== "string") return value;
  const ms = parseTime(value);
  if (ms === null) {
    ctx.addIssue({
      code: "custom",
      input: value,
      message: `expected ${TIME_ACCEPTED}, received ${JSON.stringify(value.slice(0, 64))}`,
    });
  }
  return ms ?? value;
}, z.number().int().nonnegative().max(8.64e15)).openapi({
  type: ["integer", "string"],
  description: "Epoch milliseconds, or an ISO 8601 string (UTC when it has no zone).",
});

/**
 * A silence id (ours are UUIDs).
 *
 * @example
 * ```ts
 * silenceIdParam.parse(crypto.randomUUID());
 * ```
 */
export const silenceIdParam = z.string().regex(
  /^[A-Za-z0-9._:-]{1,128}$/,
  "expected a silence id (1 to 128 letters, digits, '.', '_', ':' or '-')",
);

/**
 * Body of `POST /silences`.
 *
 * @example
 * ```ts
 * silenceIn.parse({
 *   matchers: ['exchange="kraken"'], durationMs: 3_600_000, createdBy: "ops", comment: "maintenance",
 * });
 * ```
 */
export const silenceIn = z.strictObject({
  id: silenceIdParam.optional().openapi({
    description: "Update this silence. Only the end, comment and author change in place; " +
      "other changes expire it and create a new silence with a new id (Alertmanager's rule).",
  }),
  matchers: z.array(matcherIn).min(1, "a silence needs at least one matcher").max(64),
  startsAt: bodyTime.optional().openapi({
    description:
      "Epoch ms or ISO 8601 (UTC when it has no zone). Default now; a past start becomes now.",
  }),
  endsAt: bodyTime.optional().openapi({
    description: "Epoch ms or ISO 8601 (UTC when it has no zone); must be in the future.",
  }),
  durationMs: z.number().int().positive().max(366 * 86_400_000).optional().openapi({
    description: "Instead of `endsAt`: counted from `startsAt`, or from now when that is past.",
  }),
  createdBy: z.string().trim().min(1).max(256),
  comment: z.string().trim().min(1, "say why the alerts are silenced").max(4096),
}).superRefine((s, ctx) => {
  if (s.endsAt !== undefined && s.durationMs !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["durationMs"],
      message: "give endsAt or durationMs, not both",
    });
  }
  // Alertmanager refuses a silence every matcher of which matches the empty
  // string: it would silence every alert.
  if (s.matchers.length > 0 && s.matchers.every((m) => safeMatchesEmpty(m))) {
    ctx.addIssue({
      code: "custom",
      path: ["matchers"],
      message:
        "at least one matcher must not match the empty string, or the silence mutes every alert",
    });
  }
});

function safeMatchesEmpty(m: Matcher): boolean {
  try {
    return compileMatcher(m)({});
  } catch {
    return false; // reported on the matcher itself
  }
}

/**
 * A stored silence with its state now.
 *
 * @example
 * ```ts ignore
 * silenceOut.parse(body.silences[0]);
 * ```
 */
export const silenceOut = z.object({
  id: z.string(),
  matchers: z.array(z.object({ name: z.string(), type: matchType, value: z.string() })),
  startsAt: epochMs,
  endsAt: epochMs,
  createdBy: z.string(),
  comment: z.string(),
  updatedAt: epochMs,
  status: z.object({ state: z.enum(["pending", "active", "expired"]) }),
}).openapi("Silence") satisfies z.ZodType<SilenceView>;
