/**
 * The cheap publish-side check of a message envelope.
 *
 * @module
 */
import { messageTypes } from "../../messages/mod.ts";

/**
 * Checks what the transport itself relies on: a known `type` (the topic), a
 * string `key` (the partition) and a non-empty string `id` (de-duplication).
 * Returns the problem, or `undefined` when the envelope is usable. The payload
 * is validated in full by every consumer, which dead-letters what fails.
 *
 * @example
 * ```ts
 * checkEnvelope({ type: "nope", id: "1", key: "k" }); // 'unknown message type "nope"'
 * ```
 */
export function checkEnvelope(message: unknown): string | undefined {
  if (typeof message !== "object" || message === null) {
    return `a message must be an object, received ${message === null ? "null" : typeof message}`;
  }
  const m = message as Record<string, unknown>;
  if (typeof m.type !== "string" || !(messageTypes as readonly string[]).includes(m.type)) {
    return `unknown message type ${JSON.stringify(m.type)}`;
  }
  if (typeof m.id !== "string" || m.id.length === 0) {
    return `message id must be a non-empty string, received ${JSON.stringify(m.id)}`;
  }
  if (typeof m.key !== "string") {
    return `message key must be a string, received ${JSON.stringify(m.key)}`;
  }
  return undefined;
}
