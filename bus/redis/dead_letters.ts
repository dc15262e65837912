/**
 * Writing and reading the dead-letter stream `<prefix>:dlq`.
 *
 * @module
 */
import type { Topic } from "../../messages/mod.ts";
import type { DeadLetter } from "../types.ts";
import type { RedisConn } from "./connect.ts";
import type { RedisBusKeys } from "./keys.ts";
import type { BusScripts } from "./scripts.ts";
import { fieldOf, pairs } from "./wire.ts";

/** Entries kept in the dead-letter stream (approximate trimming). */
export const DEAD_LETTER_MAXLEN = 10_000;

/** One dead letter to write. */
export interface DeadLetterWrite {
  topic: Topic;
  stream: string;
  entryId: string;
  group: string;
  /** The message, the parsed-but-invalid input, or the raw text that was not JSON. */
  input: unknown;
  /** Whether `input` is raw wire text that did not parse as JSON. */
  rawText: boolean;
  error: string;
  attempts: number;
  at: number;
}

/**
 * Appends a dead letter, acks its entry and counts it, in one atomic script.
 *
 * @example
 * ```ts
 * declare const conn: RedisConn, keys: RedisBusKeys, scripts: BusScripts;
 * await writeDeadLetter(conn, keys, scripts, {
 *   topic: "candle", stream: keys.stream("candle", 0), entryId: "1-0", group: "g",
 *   input: "{oops", rawText: true, error: "invalid JSON", attempts: 1, at: Date.now(),
 * });
 * ```
 */
export async function writeDeadLetter(
  conn: RedisConn,
  keys: RedisBusKeys,
  scripts: BusScripts,
  d: DeadLetterWrite,
): Promise<void> {
  const body = d.rawText
    ? ["raw", String(d.input)]
    : ["message", JSON.stringify(d.input) ?? "null"];
  await scripts.deadLetter.run(conn, [keys.dlq(), d.stream, keys.stats(d.topic)], [
    d.group,
    d.entryId,
    DEAD_LETTER_MAXLEN,
    "topic",
    d.topic,
    "group",
    d.group,
    "error",
    d.error,
    "attempts",
    d.attempts,
    "at",
    d.at,
    "stream",
    d.stream,
    "entry",
    d.entryId,
    ...body,
  ]);
}

/**
 * Reads the newest `limit` dead letters, oldest first.
 *
 * @example
 * ```ts
 * declare const conn: RedisConn, keys: RedisBusKeys;
 * const last = await readDeadLetters(conn, keys, 10);
 * ```
 */
export async function readDeadLetters(
  conn: RedisConn,
  keys: RedisBusKeys,
  limit: number,
): Promise<DeadLetter[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`deadLetters limit must be a positive integer, received ${limit}`);
  }
  const reply = await conn.sendCommand<unknown[]>([
    "XREVRANGE",
    keys.dlq(),
    "+",
    "-",
    "COUNT",
    String(limit),
  ]);
  return reply.reverse().map((entry) => {
    const f = pairs(Array.isArray(entry) ? entry[1] : []);
    const text = fieldOf(Array.isArray(entry) ? entry[1] : [], "message");
    let message: unknown = f.raw;
    if (text !== null) {
      try {
        message = JSON.parse(text);
      } catch {
        message = text;
      }
    }
    return {
      message,
      topic: f.topic ?? "",
      group: f.group ?? "",
      error: f.error ?? "",
      attempts: Number(f.attempts ?? 0),
      at: Number(f.at ?? 0),
    };
  });
}
