/**
 * The JSON-lines formatter of production logging, with a fast path.
 *
 * @module
 */
import { getJsonLinesFormatter, type LogRecord, type TextFormatter } from "@logtape/logtape";

// What LogTape's formatter escapes after `JSON.stringify`: DEL and the C1
// controls, which a terminal would read as control sequences.
const CONTROL = /[\u007f-\u009f]/g;
const HAS_CONTROL = /[\u007f-\u009f]/;
const escapeControl = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * `JSON.stringify(s)` with the controls escaped. Done per value, not over
 * the finished line: scanning the concatenated line first flattens it,
 * which cost a quarter of the formatting.
 */
function jsonString(s: string): string {
  const quoted = JSON.stringify(s);
  return HAS_CONTROL.test(quoted) ? quoted.replace(CONTROL, escapeControl) : quoted;
}

/** `,"key":` by key; a record's keys come from a few call sites. */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 1024;

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `,${jsonString(key)}:`;
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** A plain value (see `isPlain`) as JSON, as `JSON.stringify` writes it. */
function jsonValue(value: unknown): string {
  if (typeof value === "string") return jsonString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  return JSON.stringify(value);
}

const BASE_FIELDS = new Set(["@timestamp", "level", "message", "logger"]);

const isPlain = (v: unknown) =>
  v === null || v === undefined || typeof v === "string" || typeof v === "number" ||
  typeof v === "boolean";

/**
 * Whether every message value and property is a string, number, boolean,
 * null or undefined, and no property shadows a base field.
 */
function isFlat(record: LogRecord): boolean {
  const message = record.message;
  for (let i = 1; i < message.length; i += 2) {
    const v = message[i];
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return false;
  }
  const properties = record.properties;
  for (const key in properties) {
    // A property named like a base field replaces it in place: LogTape's order.
    if (!isPlain(properties[key]) || BASE_FIELDS.has(key)) return false;
  }
  return true;
}

/**
 * LogTape's `getJsonLinesFormatter({ properties: "flatten", message:
 * "rendered" })`, byte for byte, but records whose values are all plain
 * (strings, numbers, booleans, null) skip its `JSON.stringify` replacer
 * (errors, bigints, cycles), which made formatting a request's access line
 * cost more than the rest of the line's handling. Anything else goes
 * through LogTape's formatter.
 *
 * @example
 * ```ts
 * const format = jsonLinesFormatter();
 * format({
 *   category: ["ct", "api"], level: "info", timestamp: 0, message: ["up"], rawMessage: "up",
 *   properties: { port: 8000 },
 * }); // '{"@timestamp":"1970-01-01T00:00:00.000Z","level":"INFO","message":"up","logger":"ct.api","port":8000}\n'
 * ```
 */
export function jsonLinesFormatter(): TextFormatter {
  const full = getJsonLinesFormatter({ properties: "flatten", message: "rendered" });
  // Lines come in bursts within one millisecond; the ISO date is ~1 µs.
  let lastTimestamp = NaN;
  let lastDate = "";
  let lastCategory: readonly string[] = [];
  let lastLogger = "";
  return (record) => {
    if (!isFlat(record)) return full(record);
    const parts = record.message;
    let message = parts[0] as string;
    for (let i = 1; i < parts.length; i++) {
      message += i % 2 === 1 ? JSON.stringify(parts[i]) : parts[i] as string;
    }
    if (record.timestamp !== lastTimestamp) {
      lastTimestamp = record.timestamp;
      lastDate = new Date(record.timestamp).toISOString();
    }
    if (record.category !== lastCategory) {
      lastCategory = record.category;
      lastLogger = jsonString(record.category.join("."));
    }
    const level = record.level === "warning" ? "WARN" : record.level.toUpperCase();
    // Written out rather than `JSON.stringify({ ...base, ...properties })`,
    // which spends most of its time building the merged object.
    let json = `{"@timestamp":"${lastDate}","level":"${level}","message":${
      jsonString(message)
    },"logger":${lastLogger}`;
    const properties = record.properties;
    for (const key in properties) {
      const value = properties[key];
      if (value !== undefined) json += quoteKey(key) + jsonValue(value);
    }
    return json + "}\n";
  };
}
