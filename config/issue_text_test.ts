import { z } from "zod";
import { assertEquals } from "../tests/assert.ts";
import { expectedText, knownKeys } from "./issue_text.ts";
import { configSchema } from "./schema.ts";

function expected(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value, { error: expectedText });
  return result.error?.issues.map((i) => i.message) ?? [];
}

Deno.test("string and list bounds are counted in characters and items", () => {
  assertEquals(expected(z.string().max(3), "abcd"), ["at most 3 characters"]);
  assertEquals(expected(z.string().min(1), ""), ["at least 1 character"]);
  assertEquals(expected(z.string().length(2), "a"), ["exactly 2 characters"]);
  assertEquals(expected(z.array(z.number()).max(1), [1, 2]), ["at most 1 item"]);
  assertEquals(expected(z.number().lt(5), 5), ["a number < 5"]);
});

Deno.test("string formats without a message of their own say what they match", () => {
  assertEquals(expected(z.string().regex(/^[a-z]+$/), "A"), ["a string matching /^[a-z]+$/"]);
  assertEquals(expected(z.string().startsWith("ct_"), "x"), ['a string starting with "ct_"']);
  assertEquals(expected(z.url(), "nope"), ["a URL"]);
  assertEquals(expected(z.number().multipleOf(5), 7), ["a multiple of 5"]);
  assertEquals(expected(z.literal("on"), "off"), ['"on"']);
});

Deno.test("a union, a refinement and a missing value have words too", () => {
  assertEquals(expected(z.union([z.string(), z.number()]), true), ["one of the accepted forms"]);
  assertEquals(expected(z.string().refine((s) => s === "ok"), "no"), ["a valid value"]);
  assertEquals(expected(z.object({ id: z.string() }), {}), ["a string"]);
});

Deno.test("known keys are found through defaults, lists and the lazy route tree", () => {
  assertEquals(knownKeys(configSchema, ["retention"]), ["cron", "candlesDays"]);
  assertEquals(knownKeys(configSchema, ["strategies", 0]), ["id", "name", "params", "symbols"]);
  assertEquals(knownKeys(configSchema, ["alerts", "route", "routes", 2]), [
    "receiver",
    "groupBy",
    "groupWaitMs",
    "groupIntervalMs",
    "repeatIntervalMs",
    "matchers",
    "continue",
    "routes",
  ]);
  assertEquals(knownKeys(configSchema, ["watchlist", "symbols"]), undefined);
});
