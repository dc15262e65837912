/**
 * What the broker reads of a message to route it: the envelope fields, never
 * the payload (the consuming worker validates that), except a batch's row
 * count, which is its weight against a mailbox bound.
 *
 * @module
 */
import {
  type MessageType,
  messageTypes,
  type Topic,
  topicOf,
  weightOf,
} from "../../messages/mod.ts";

const knownTypes: ReadonlySet<string> = new Set(messageTypes);

/**
 * The routing header of a message, or why it cannot be routed.
 *
 * @example
 * ```ts
 * routable({ id: "1", type: "candle_batch", key: "k", payload: { openTime: [0, 60_000] } });
 * // { id: "1", topic: "candle", weight: 2 }
 * ```
 */
export function routable(m: unknown): { id: string; topic: Topic; weight: number } | string {
  if (typeof m !== "object" || m === null) return `message is not an object: ${typeof m}`;
  const { id, type, key } = m as Record<string, unknown>;
  if (typeof id !== "string") return `message id must be a string, received ${typeof id}`;
  if (typeof key !== "string") return `message key must be a string, received ${typeof key}`;
  if (typeof type !== "string" || !knownTypes.has(type)) {
    return `message type must be one of ${[...knownTypes].join(", ")}, received ${
      JSON.stringify(type)
    }`;
  }
  return { id, topic: topicOf(type as MessageType), weight: weightOf(m) };
}

/**
 * The topic of a value that failed routing, for its dead letter.
 *
 * @example
 * ```ts
 * rawTopicOf({ type: "nope" }); // "unknown"
 * ```
 */
export function rawTopicOf(m: unknown): string {
  const type = (m as { type?: unknown } | null)?.type;
  return typeof type === "string" && knownTypes.has(type)
    ? topicOf(type as MessageType)
    : "unknown";
}
