/**
 * Time parameters: ISO 8601 or epoch milliseconds in, epoch ms out.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";

const EPOCH_MS = /^\d{1,16}$/;
// A date, or a date-time with seconds optional and a zone required: without
// one a time is local to whoever wrote it, and the server cannot know whose.
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/i;
/** Largest time a JS Date can hold. */
const MAX_MS = 8.64e15;

/**
 * Epoch ms of an ISO 8601 date (`2024-01-31`, UTC midnight) or date-time
 * with a zone (`2024-01-31T12:00:00Z`, `…+02:00`), or of an epoch-ms
 * integer string; `null` when it is neither.
 *
 * @example
 * ```ts
 * parseTime("2024-01-01T00:00:00Z"); // 1704067200000
 * parseTime("1704067200000"); // 1704067200000
 * parseTime("2024-01-01T00:00"); // null (no zone)
 * ```
 */
export function parseTime(value: string): number | null {
  if (EPOCH_MS.test(value)) {
    const ms = Number(value);
    return ms <= MAX_MS ? ms : null;
  }
  const m = ISO_8601.exec(value);
  if (!m) return null;
  const [, year, month, day, hour, minute, second] = m.map(Number);
  // Date.parse rolls 2024-02-30 over to March; reject out-of-range fields instead.
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!)) return null;
  if (m[4] !== undefined && (hour! > 23 || minute! > 59 || (m[6] !== undefined && second! > 59))) {
    return null;
  }
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
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
        `expected an ISO 8601 time with a zone (2024-01-31T12:00:00Z), a date (2024-01-31) or epoch milliseconds, received ${
          JSON.stringify(value)
        }`,
    });
    return z.NEVER;
  }
  return ms;
}).openapi({
  type: "string",
  description:
    "ISO 8601 date-time with a zone (`2024-01-31T12:00:00Z`), a date (UTC midnight) or epoch milliseconds.",
  example: "2024-01-31T12:00:00Z",
});
