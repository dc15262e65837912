import { z } from "zod";

/**
 * A string that parses as a URL with one of `protocols` (`"https:"`), for
 * config schemas: the error names the schemes expected.
 *
 * @example
 * ```ts
 * urlWithScheme(["http:", "https:"]).parse("https://example.com"); // ok
 * urlWithScheme(["redis:"]).safeParse("http://x").success; // false
 * ```
 */
export function urlWithScheme(protocols: readonly string[]): z.ZodString {
  const expected = protocols.map((p) => p.replace(":", "://")).join(" or ");
  return z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `a URL with scheme ${expected}`);
}
