/**
 * The message envelope and the one discriminated union of all messages.
 *
 * @module
 */
import { z } from "zod";
import {
  ackSchema,
  alertSchema,
  analysisSchema,
  candleSchema,
  controlSchema,
  heartbeatSchema,
  notificationSchema,
  signalSchema,
  silenceSchema,
} from "./payloads.ts";
import { analysisBatchSchema, candleBatchSchema } from "./batches.ts";

const header = {
  id: z.string().min(1).max(128),
  ts: z.number().int().nonnegative(),
  source: z.string().min(1).max(128),
  key: z.string().max(512),
};

/** Schema of every valid message, discriminated by `type`. */
export const messageSchema = z.discriminatedUnion("type", [
  z.object({ ...header, type: z.literal("candle"), payload: candleSchema }),
  z.object({ ...header, type: z.literal("tick"), payload: candleSchema }),
  z.object({ ...header, type: z.literal("candle_batch"), payload: candleBatchSchema }),
  z.object({ ...header, type: z.literal("analysis"), payload: analysisSchema }),
  z.object({ ...header, type: z.literal("analysis_batch"), payload: analysisBatchSchema }),
  z.object({ ...header, type: z.literal("signal"), payload: signalSchema }),
  z.object({ ...header, type: z.literal("alert"), payload: alertSchema }),
  z.object({ ...header, type: z.literal("notification"), payload: notificationSchema }),
  z.object({ ...header, type: z.literal("silence"), payload: silenceSchema }),
  z.object({ ...header, type: z.literal("ack"), payload: ackSchema }),
  z.object({ ...header, type: z.literal("control"), payload: controlSchema }),
  z.object({ ...header, type: z.literal("heartbeat"), payload: heartbeatSchema }),
]);

/** Any message: the envelope (`id`, `type`, `ts`, `source`, `key`) around its payload. */
export type Message = z.infer<typeof messageSchema>;
/** The tag that selects a message's payload. */
export type MessageType = Message["type"];
/** The message of one type. */
export type MessageOf<T extends MessageType> = Extract<Message, { type: T }>;
/** The payload of one message type. */
export type PayloadOf<T extends MessageType> = MessageOf<T>["payload"];

/** Every message type, in declaration order. */
export const messageTypes: readonly MessageType[] = messageSchema.options.map((o) =>
  o.shape.type.value
);

/** Batch types and the topic of the messages they batch. */
const batchOf = { candle_batch: "candle", analysis_batch: "analysis" } as const;

/**
 * A bus topic: a message type, except that a batch travels on the topic of
 * what it batches, so it keeps its order among single messages of its key.
 */
export type Topic = Exclude<MessageType, keyof typeof batchOf>;

/**
 * The topic a message of `type` travels on.
 *
 * @example
 * ```ts
 * topicOf("candle_batch"); // "candle"
 * topicOf("signal"); // "signal"
 * ```
 */
export function topicOf(type: MessageType): Topic {
  return (batchOf as Record<string, Topic>)[type] ?? (type as Topic);
}

/**
 * What a message counts against a mailbox bound: a batch its rows, anything
 * else 1. Reads only `type` and the batch's `openTime`, so it is safe on a
 * value not validated yet.
 *
 * @example
 * ```ts
 * weightOf({ type: "candle_batch", payload: { openTime: [0, 60_000] } }); // 2
 * weightOf({ type: "signal", payload: {} }); // 1
 * ```
 */
export function weightOf(message: unknown): number {
  const { type, payload } = (message ?? {}) as { type?: unknown; payload?: unknown };
  if (typeof type !== "string" || !(type in batchOf)) return 1;
  const rows = (payload as { openTime?: unknown } | null)?.openTime;
  // A typed column is how the in-process transport carries a batch.
  const n = Array.isArray(rows) || rows instanceof Float64Array ? rows.length : 0;
  return n > 0 ? n : 1;
}

/** Every topic, in declaration order. */
export const topics: readonly Topic[] = messageTypes.filter((t): t is Topic => !(t in batchOf));

/** Options for {@linkcode createMessage}. */
export interface CreateMessageOptions {
  /** Who sends it: an actor name or a module. */
  source: string;
  /** The ordering key; messages with the same key are handled in order. */
  key: string;
  /** Send time in epoch milliseconds; pass the clock's value, not `Date.now()`. */
  now: number;
  /** Override the generated id, e.g. to make a derived message idempotent. */
  id?: string;
}

/**
 * Builds a message envelope. The id is random unless given, so deriving it
 * from the content (e.g. `candle:binance:BTC/USDT:1m:1700000000000`) makes
 * redelivered work recognisable downstream.
 *
 * @example
 * ```ts
 * const msg = createMessage("heartbeat", { heapUsed: 1, messagesIn: 0, messagesOut: 0, mailbox: 0 }, {
 *   source: "analyzer", key: "analyzer", now: 1_700_000_000_000,
 * });
 * ```
 */
export function createMessage<T extends MessageType>(
  type: T,
  payload: PayloadOf<T>,
  options: CreateMessageOptions,
): MessageOf<T> {
  return {
    id: options.id ?? crypto.randomUUID(),
    type,
    ts: options.now,
    source: options.source,
    key: options.key,
    payload,
  } as MessageOf<T>;
}
