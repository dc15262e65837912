/**
 * Time parameters: ISO 8601 or epoch milliseconds in, epoch ms out.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";

const EPOCH_MS = /^\d{1,16}$/;
// ISO 8601's year alone: read as a year, not as 2,024 ms after 1970, since
// both are all digits and nobody asks for data from 1970's first seconds.
const YEAR = /^\d{4}$/;
// A date, or a date-time with seconds optional and a zone required: without
// one a time is local to whoever wrote it, and the server cannot know whose.
// Extended (2024-01-31T12:00Z) or basic (20240131T1200Z) form; an
// eight-digit basic date wins over epoch milliseconds for the same reason.
const ISO_8601 =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2})(\.\d{1,9})?)?(Z|([+-])(\d{2}):?(\d{2})))?$/i;
/** Largest time a JS Date can hold. */
const MAX_MS = 8.64e15;

/**
 * Epoch ms of an ISO 8601 year (`2024`) or date (`2024-01-31`, `20240131`),
 * each at UTC midnight, or date-time with a zone (`2024-01-31T12:00:00Z`,
 * `…+02:00`, `20240131T120000Z`), or of an epoch-ms integer string; `null`
 * when it is none of these.
 *
 * @example
 * ```ts
 * parseTime("2024-01-01T00:00:00Z"); // 1704067200000
 * parseTime("1704067200000"); // 1704067200000
 * parseTime("2024"); // 1704067200000 (the year, not 2,024 ms)
 * parseTime("2024-01-01T00:00"); // null (no zone)
 * ```
 */
export function parseTime(value: string): number | null {
  if (YEAR.test(value)) {
    const ms = Date.UTC(Number(value), 0, 1);
    return ms >= 0 ? ms : null;
  }
  const m = ISO_8601.exec(value);
  if (!m) {
    if (!EPOCH_MS.test(value)) return null;
    const ms = Number(value);
    return ms <= MAX_MS ? ms : null;
  }
  const [, year, month, day, hour, minute, second] = m.map(Number);
  // Out-of-range fields are refused, not rolled over (Date.UTC would make
  // 2024-02-30 the 1st of March).
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!)) return null;
  if (m[4] !== undefined && (hour! > 23 || minute! > 59 || (m[6] !== undefined && second! > 59))) {
    return null;
  }
  if (m[9] !== undefined && (+m[10]! > 23 || +m[11]! > 59)) return null;
  const fractionMs = m[7] === undefined ? 0 : Math.floor(Number(m[7]) * 1000);
  const offsetMin = m[9] === undefined ? 0 : (m[9] === "-" ? -1 : 1) * (+m[10]! * 60 + +m[11]!);
  const ms = Date.UTC(year!, month! - 1, day!, hour || 0, minute || 0, second || 0, fractionMs) -
    offsetMin * 60_000;
  return ms >= 0 ? ms : null;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

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
      message:
        `expected an ISO 8601 time with a zone (2024-01-31T12:00:00Z), a date (2024-01-31), a year (2024) or epoch milliseconds, received ${
          JSON.stringify(value)
        }`,
    });
    return z.NEVER;
  }
  return ms;
}).openapi({
  type: "string",
  description:
    "ISO 8601 date-time with a zone (`2024-01-31T12:00:00Z`), a date or a year (UTC midnight), or epoch milliseconds.",
  example: "2024-01-31T12:00:00Z",
});
