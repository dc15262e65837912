/**
 * Response schemas of the records the API returns. Each is checked against
 * the TypeScript type it describes (`satisfies`), so the OpenAPI document
 * cannot drift from what the store hands back.
 *
 * @module
 */
import { z } from "@hono/zod-openapi";
import type { TopicStats } from "../../bus/types.ts";
import type { Candle } from "../../messages/mod.ts";
import type { Position, Trade } from "../../paper/mod.ts";
import type { StoredSignal } from "../../store/mod.ts";
import type { ActorStatus } from "../../supervisor/status.ts";

const epochMs = z.number().int().openapi({ description: "Epoch milliseconds." });
const series = {
  exchange: z.string(),
  symbol: z.string(),
  timeframe: z.string(),
};
const indicatorValues = z.record(z.string(), z.number().nullable()).openapi({
  description: "Indicator name → value; null while it warms up.",
});

/**
 * A closed OHLCV candle.
 *
 * @example
 * ```ts
 * candleOut.parse({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1m", openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 0 });
 * ```
 */
export const candleOut = z.object({
  ...series,
  openTime: epochMs,
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
}).openapi("Candle") satisfies z.ZodType<Candle>;

/**
 * A stored strategy signal.
 *
 * @example
 * ```ts
 * const s: z.infer<typeof signalOut> | undefined = undefined;
 * ```
 */
export const signalOut = z.object({
  id: z.number().int(),
  strategy: z.string(),
  ...series,
  openTime: epochMs,
  side: z.enum(["buy", "sell"]),
  strength: z.number(),
  price: z.number(),
  reason: z.string(),
  indicators: indicatorValues,
}).openapi("Signal") satisfies z.ZodType<StoredSignal>;

/**
 * An open paper position.
 *
 * @example
 * ```ts
 * const p: z.infer<typeof positionOut> | undefined = undefined;
 * ```
 */
export const positionOut = z.object({
  id: z.string(),
  account: z.string(),
  strategy: z.string(),
  ...series,
  qty: z.number(),
  entryPrice: z.number(),
  entryTime: epochMs,
  stopLoss: z.number().nullable(),
  takeProfit: z.number().nullable(),
  trailingStop: z.number().nullable(),
  highWater: z.number(),
  entryFee: z.number(),
}) satisfies z.ZodType<Position>;

/**
 * A closed paper trade.
 *
 * @example
 * ```ts
 * const t: z.infer<typeof tradeOut> | undefined = undefined;
 * ```
 */
export const tradeOut = z.object({
  id: z.string(),
  account: z.string(),
  strategy: z.string(),
  ...series,
  qty: z.number(),
  entryPrice: z.number(),
  exitPrice: z.number(),
  entryTime: epochMs,
  exitTime: epochMs,
  pnl: z.number().openapi({ description: "Net of fees, quote currency." }),
  pnlPct: z.number(),
  fees: z.number(),
  exitReason: z.enum(["signal", "stop_loss", "take_profit", "trailing_stop"]),
}).openapi("Trade") satisfies z.ZodType<Trade>;

/**
 * What the supervisor knows about one actor.
 *
 * @example
 * ```ts
 * const a: z.infer<typeof actorStatusOut> | undefined = undefined;
 * ```
 */
export const actorStatusOut = z.object({
  id: z.string(),
  state: z.enum(["starting", "running", "restarting", "failed", "stopped"]),
  isolation: z.enum(["worker", "process"]),
  restarts: z.number().int(),
  restartsByReason: z.record(z.string(), z.number().int()),
  lastError: z.string().nullable(),
  lastHeartbeat: epochMs.nullable(),
  mailbox: z.number().int(),
  messagesIn: z.number().int(),
  messagesOut: z.number().int(),
  heapBytes: z.number(),
  leakedThreads: z.number().int(),
  invalidFrames: z.number().int(),
}).openapi("ActorStatus") satisfies z.ZodType<ActorStatus>;

/**
 * Bus counters of one topic.
 *
 * @example
 * ```ts
 * topicStatsOut.parse({
 *   published: 1, consumed: 1, deadLettered: 0, dropped: 0, backlog: 0, oldestAgeMs: null,
 * });
 * ```
 */
export const topicStatsOut = z.object({
  published: z.number().int(),
  consumed: z.number().int(),
  deadLettered: z.number().int(),
  dropped: z.number().int(),
  backlog: z.number().int(),
  oldestAgeMs: z.number().nullable().openapi({
    description: "How long the oldest message some group has not handled has been on the bus, ms.",
  }),
}).openapi("TopicStats") satisfies z.ZodType<TopicStats>;
