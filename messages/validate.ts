/**
 * Validation of messages where they enter a process or a worker.
 *
 * @module
 */
import { type Message, messageSchema } from "./envelope.ts";
import { acceptFast } from "./fast_path.ts";

/** The outcome of {@linkcode parseMessage}. */
export type ParseResult =
  | { ok: true; message: Message }
  | { ok: false; error: string };

/**
 * Validates untrusted input as a {@linkcode Message}. Never throws: an invalid
 * message is a value the caller logs, counts and dead-letters.
 *
 * @example
 * ```ts
 * const r = parseMessage(JSON.parse('{"type":"nope"}'));
 * if (!r.ok) console.error(r.error); // type: Invalid input ...
 * ```
 */
export function parseMessage(input: unknown): ParseResult {
  const fast = acceptFast(input);
  if (fast) return { ok: true, message: fast };
  const r = messageSchema.safeParse(input);
  if (r.success) return { ok: true, message: r.data };
  const error = r.error.issues
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
  return { ok: false, error };
}
