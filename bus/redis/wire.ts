/**
 * The wire format of the Redis bus and parsers for raw (RESP2) replies.
 *
 * An entry carries one field, `m`, the message as JSON. Replies are parsed
 * defensively: anything unexpected becomes an error that names what came back.
 *
 * @module
 */
import { type Message, parseMessage, type Topic, topicOf } from "../../messages/mod.ts";

/** The one field of a stream entry: the message as JSON. */
export const MESSAGE_FIELD = "m";

/** A stream entry as read: its id and the raw `m` field (`null` when the entry was trimmed away). */
export interface WireEntry {
  id: string;
  raw: string | null;
}

/** What decoding one entry gave: the message, or why it is not one plus the input as far as it parsed. */
export type Decoded =
  | { ok: true; message: Message }
  | { ok: false; error: string; input: unknown };

/**
 * Decodes and validates an entry's payload for `topic`. Never throws.
 *
 * @example
 * ```ts
 * const d = decodeEntry("not json", "candle");
 * d.ok; // false; d.error starts with "invalid JSON"
 * ```
 */
export function decodeEntry(raw: string, topic: Topic): Decoded {
  let input: unknown;
  try {
    input = JSON.parse(raw);
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${(e as Error).message}`, input: raw };
  }
  const r = parseMessage(input);
  if (!r.ok) return { ok: false, error: r.error, input };
  if (topicOf(r.message.type) !== topic) {
    return {
      ok: false,
      error: `message of type ${r.message.type} arrived on topic ${topic}`,
      input,
    };
  }
  return { ok: true, message: r.message };
}

/**
 * Turns an unvalidated value into the `m` field: strings go verbatim (so a
 * test can put non-JSON bytes on the wire), anything else as JSON.
 *
 * @example
 * ```ts
 * encodeRaw({ a: 1 }); // '{"a":1}'
 * encodeRaw("{oops"); // "{oops"
 * ```
 */
export function encodeRaw(raw: unknown): string {
  if (typeof raw === "string") return raw;
  return JSON.stringify(raw) ?? String(raw);
}

function fail(what: string, reply: unknown): never {
  throw new TypeError(`unexpected Redis reply for ${what}: ${JSON.stringify(reply)}`);
}

/**
 * Reads the `m` field out of a flat `[field, value, ...]` array; `null` if absent.
 *
 * @example
 * ```ts
 * fieldOf(["m", "{}"]); // "{}"
 * ```
 */
export function fieldOf(fields: unknown, name = MESSAGE_FIELD): string | null {
  if (!Array.isArray(fields)) return null;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === name) return String(fields[i + 1]);
  }
  return null;
}

/**
 * Parses an `XREADGROUP` reply (RESP2) into entries per stream.
 *
 * @example
 * ```ts
 * parseStreamsReply([["s", [["1-0", ["m", "{}"]]]]]); // Map { "s" => [{ id: "1-0", raw: "{}" }] }
 * ```
 */
export function parseStreamsReply(reply: unknown): Map<string, WireEntry[]> {
  const out = new Map<string, WireEntry[]>();
  if (reply === null) return out;
  if (!Array.isArray(reply)) fail("XREADGROUP", reply);
  for (const stream of reply) {
    if (!Array.isArray(stream) || !Array.isArray(stream[1])) fail("XREADGROUP", reply);
    out.set(String(stream[0]), parseEntries(stream[1]));
  }
  return out;
}

/**
 * Parses a list of `[id, fields]` stream entries (XRANGE, XREVRANGE).
 *
 * @example
 * ```ts
 * parseEntries([["1-0", ["m", "x"]], ["2-0", null]]); // [{ id: "1-0", raw: "x" }, { id: "2-0", raw: null }]
 * ```
 */
export function parseEntries(entries: unknown[]): WireEntry[] {
  return entries.map((e) => {
    if (!Array.isArray(e)) fail("stream entry", e);
    return { id: String(e[0]), raw: fieldOf(e[1]) };
  });
}

/**
 * Turns a flat `[k1, v1, k2, v2]` reply (HGETALL in RESP2) into a record.
 *
 * @example
 * ```ts
 * pairs(["published", "3"]); // { published: "3" }
 * ```
 */
export function pairs(reply: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}
