/**
 * Time parameters: ISO 8601 or epoch milliseconds in, epoch ms out.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
// @ts-types="@types/luxon"
import { DateTime } from "luxon";

const DIGITS = /^\d+$/;
// An offset's minutes past 59: Luxon reads `+02:60` as three hours.
const BAD_OFFSET_MINUTES = /[+-]\d{2}:?(?:[6-9]\d)$/;
/** Largest time a JS Date can hold. */
const MAX_MS = 8.64e15;

/**
 * Epoch ms of an ISO 8601 time, or of an epoch-ms integer string; `null`
 * when it is neither, names an impossible date, or lies before 1970.
 *
 * ISO 8601 is read by Luxon, in all its forms: calendar dates
 * (`2024-01-31`, `20240131`), week dates (`2024-W05-3`), ordinal dates
 * (`2024-031`), a year (`2024`) or month (`2024-01`), times with `.` or `,`
 * fractions, `24:00`, and a zone as `Z` or an offset. A time without a zone
 * is UTC: every time the API returns is UTC, and so are exchanges' candles.
 * Digit strings are ISO only as a year (4 digits) or a basic date
 * (8 digits); other digit strings are epoch milliseconds.
 *
 * @example
 * ```ts
 * parseTime("2024-01-01T00:00:00Z"); // 1704067200000
 * parseTime("2024-01-01T02:00+02:00"); // 1704067200000
 * parseTime("2024-01-01T00:00"); // 1704067200000 (UTC)
 * parseTime("2024-W01-1"); // 1704067200000 (Monday of week 1)
 * parseTime("1704067200000"); // 1704067200000
 * parseTime("2024"); // 1704067200000 (the year, not 2,024 ms)
 * parseTime("2024-02-30"); // null
 * ```
 */
export function parseTime(value: string): number | null {
  if (DIGITS.test(value) && value.length !== 4 && value.length !== 8) {
    const ms = Number(value);
    return ms <= MAX_MS ? ms : null;
  }
  if (BAD_OFFSET_MINUTES.test(value)) return null;
  const time = DateTime.fromISO(value, { zone: "utc" });
  if (!time.isValid) {
    // Eight digits that are no date (`20241301`) are refused, not read as
    // epoch ms: whoever wrote them meant a date.
    return null;
  }
  const ms = time.toMillis();
  return ms >= 0 && ms <= MAX_MS ? ms : null;
}

/**
 * What a time parameter takes, in words, for error messages.
 *
 * @example
 * ```ts
 * const message = `expected ${TIME_ACCEPTED}, received "soon"`;
 * ```
 */
export const TIME_ACCEPTED = "an ISO 8601 date or time (2024-01-31, 2024-01-31T12:00:00Z; " +
  "UTC when it has no zone) or epoch milliseconds";

/**
 * A query parameter holding a time; parses to epoch ms.
 *
 * @example
 * ```ts
 * timeParam.parse("2024-01-01"); // 1704067200000
 * ```
 */
export const timeParam = z.string().transform((value, ctx) => {
  const ms = parseTime(value);
  if (ms === null) {
    ctx.addIssue({
      code: "custom",
      message: `expected ${TIME_ACCEPTED}, received ${JSON.stringify(value.slice(0, 64))}`,
    });
    return z.NEVER;
  }
  return ms;
}).openapi({
  type: "string",
  description: "ISO 8601 date or date-time (`2024-01-31T12:00:00Z`; week and ordinal dates " +
    "too; a time without a zone is UTC, a date is UTC midnight), or epoch milliseconds.",
  example: "2024-01-31T12:00:00Z",
});
