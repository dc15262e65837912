/**
 * The words of a configuration error: what a key expects, from zod's issue
 * fields (`code`, `expected`, `maximum`, `values`, …) rather than from its
 * English messages, which already say "expected … received …" themselves.
 *
 * @module
 */
import type { z } from "zod";
import { type SchemaDef, type SchemaNode as Node, unwrapSchema } from "./zod_walk.ts";

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  bigint: "an integer",
  boolean: "true or false",
  array: "a list",
  tuple: "a list",
  set: "a list",
  object: "an object",
  record: "an object",
  map: "an object",
  date: "a date",
  null: "null",
};

/**
 * What a value that raised `issue` should have been, as the words after
 * "expected": a zod error map for `safeParse(…, { error })`. Messages a
 * schema gives itself take precedence over it (zod asks it only for issues
 * without one), so those stay as written.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * const r = z.number().max(65_535).safeParse(99_999, { error: expectedText });
 * r.error?.issues[0]?.message; // "a number <= 65535"
 * ```
 */
export function expectedText(issue: z.core.$ZodRawIssue): string {
  // A raw issue has the finished issue's fields; only message and path may be missing.
  const i = issue as unknown as z.core.$ZodIssue;
  switch (i.code) {
    case "invalid_type":
      return TYPE_NAMES[i.expected] ?? withArticle(i.expected);
    case "too_big":
      return bound(i.origin, i.maximum, i.inclusive ?? true, i.exact ?? false, "max");
    case "too_small":
      return bound(i.origin, i.minimum, i.inclusive ?? true, i.exact ?? false, "min");
    case "invalid_value":
      return i.values.length === 1 ? show(i.values[0]) : `one of ${i.values.map(show).join(", ")}`;
    case "invalid_format":
      return format(i as z.core.$ZodStringFormatIssues);
    case "not_multiple_of":
      return `a multiple of ${i.divisor}`;
    case "invalid_union":
      return "options" in i && i.options?.length
        ? `one of ${i.options.map(show).join(", ")}`
        : "one of the accepted forms";
    case "invalid_key":
      return "valid keys";
    case "invalid_element":
      return "valid entries";
    case "unrecognized_keys":
      return "no other keys";
    case "custom":
      return "a valid value";
  }
}

/**
 * The keys an object in `schema` accepts at `path` (array items numbered),
 * for an unknown key's message; `undefined` when no object is found there.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * knownKeys(z.object({ api: z.object({ port: z.number() }).optional() }), ["api"]); // ["port"]
 * ```
 */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let node: Node | undefined = unwrap(schema as unknown as Node);
  for (const key of path) {
    const def: SchemaDef | undefined = node?._zod.def;
    if (def?.type === "object") node = def.shape?.[String(key)];
    else if (def?.type === "array") node = def.element;
    else if (def?.type === "record") node = def.valueType;
    else return undefined;
    node = node && unwrap(node);
  }
  const shape = node?._zod.def.type === "object" ? node._zod.def.shape : undefined;
  return shape ? Object.keys(shape) : undefined;
}

/** Through every wrapper, `z.lazy()` included (the alert route is one). */
function unwrap(node: Node): Node {
  return unwrapSchema(node, { lazy: true }).inner;
}

function bound(
  origin: string,
  limit: number | bigint,
  inclusive: boolean,
  exact: boolean,
  side: "max" | "min",
): string {
  const unit = { string: "character", array: "item", set: "item", file: "byte" }[origin];
  if (unit) {
    const n = `${limit} ${unit}${limit === 1 ? "" : "s"}`;
    if (exact) return `exactly ${n}`;
    if (side === "max") return `${inclusive ? "at most" : "fewer than"} ${n}`;
    return `${inclusive ? "at least" : "more than"} ${n}`;
  }
  const op = side === "max" ? (inclusive ? "<=" : "<") : (inclusive ? ">=" : ">");
  if (origin === "date") return `a date ${op} ${new Date(Number(limit)).toISOString()}`;
  return `a number ${op} ${limit}`;
}

function format(i: z.core.$ZodStringFormatIssues): string {
  switch (i.format) {
    case "regex":
      return `a string matching ${i.pattern}`;
    case "starts_with":
      return `a string starting with ${show(i.prefix)}`;
    case "ends_with":
      return `a string ending with ${show(i.suffix)}`;
    case "includes":
      return `a string containing ${show(i.includes)}`;
    case "email":
      return "an e-mail address";
    case "url":
      return "a URL";
    default:
      return `a valid ${i.format}`;
  }
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

function show(value: unknown): string {
  return typeof value === "bigint" ? String(value) : JSON.stringify(value) ?? String(value);
}
