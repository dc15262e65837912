/**
 * Payload schemas of every message type. One schema per type; the envelope
 * union in `envelope.ts` ties each to its `type` tag.
 *
 * @module
 */
import { z } from "zod";
import { finite, nonNegative } from "./numbers.ts";

/** Identity of one candle series: exchange, symbol and timeframe. */
export const seriesSchema = z.object({
  exchange: z.string().min(1),
  symbol: z.string().min(1),
  timeframe: z.string().min(1),
});
/** Identity of one candle series. */
export type Series = z.infer<typeof seriesSchema>;

/** A closed (or, for `tick`, still forming) OHLCV candle. */
export const candleSchema = seriesSchema.extend({
  openTime: z.number().int().nonnegative(),
  open: finite,
  high: finite,
  low: finite,
  close: finite,
  volume: nonNegative,
}).refine((c) => c.high >= c.low, { message: "high must be >= low", path: ["high"] });
/** A closed OHLCV candle. */
export type Candle = z.infer<typeof candleSchema>;

/**
 * Indicator values computed for one closed candle, with the candle itself so
 * a strategy needs nothing else. `null` means still warming up.
 */
export const analysisSchema = seriesSchema.extend({
  openTime: z.number().int().nonnegative(),
  open: finite,
  high: finite,
  low: finite,
  close: finite,
  volume: nonNegative,
  indicators: z.record(z.string(), finite.nullable()),
});
/** Indicator values computed for one closed candle. */
export type Analysis = z.infer<typeof analysisSchema>;

/** A trading signal produced by a strategy for one candle. */
export const signalSchema = seriesSchema.extend({
  strategy: z.string().min(1),
  openTime: z.number().int().nonnegative(),
  side: z.enum(["buy", "sell"]),
  strength: z.number().min(0).max(1),
  price: finite,
  reason: z.string(),
  indicators: z.record(z.string(), finite.nullable()),
});
/** A trading signal produced by a strategy for one candle. */
export type Signal = z.infer<typeof signalSchema>;

/** An alert as raised by a rule or an actor; the alerter owns its lifecycle. */
export const alertSchema = z.object({
  labels: z.record(z.string(), z.string()).refine(
    (l) => typeof l.alertname === "string" && l.alertname.length > 0,
    { message: "labels.alertname is required" },
  ),
  annotations: z.record(z.string(), z.string()).default({}),
  state: z.enum(["pending", "firing", "resolved"]),
  startsAt: z.number().int().nonnegative(),
  endsAt: z.number().int().nonnegative().optional(),
  generatorUrl: z.string().max(2048).optional(),
});
/** An alert as raised by a rule or an actor. */
export type Alert = z.infer<typeof alertSchema>;

/** A label matcher of a silence or a route, as in Alertmanager. */
export const matcherSchema = z.object({
  name: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "a label name such as alertname"),
  type: z.enum(["=", "!=", "=~", "!~"]),
  value: z.string().max(1024),
});

/** A silence, created or expired through the API and applied by the alerter. */
export const silenceSchema = z.object({
  id: z.string().min(1).max(128),
  matchers: z.array(matcherSchema).min(1, "a silence needs at least one matcher"),
  startsAt: z.number().int().nonnegative(),
  endsAt: z.number().int().nonnegative(),
  createdBy: z.string().min(1).max(256),
  comment: z.string().max(4096),
  updatedAt: z.number().int().nonnegative(),
}).refine((s) => s.endsAt >= s.startsAt, {
  // Expiring a pending silence sets both to now, as Alertmanager does.
  message: "endsAt must not be before startsAt",
  path: ["endsAt"],
});

/** An operator acknowledged an alert: repeat notifications for it stop until it resolves. */
export const ackSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, "16 hex digits"),
  by: z.string().min(1).max(256),
  at: z.number().int().nonnegative(),
});

/** A rendered notification ready for one channel. */
export const notificationSchema = z.object({
  channel: z.enum(["telegram", "email", "webhook", "log"]),
  groupKey: z.string(),
  text: z.string(),
  fingerprints: z.array(z.string()),
});
/** A rendered notification ready for one channel. */
export type Notification = z.infer<typeof notificationSchema>;

/** Supervisor → actor commands. */
export const controlSchema = z.discriminatedUnion("command", [
  z.object({ command: z.literal("drain"), deadlineMs: z.number().int().positive() }),
  z.object({ command: z.literal("stop") }),
]);
/** Supervisor → actor commands. */
export type Control = z.infer<typeof controlSchema>;

/** Actor → supervisor liveness and statistics, sent every heartbeat interval. */
export const heartbeatSchema = z.object({
  heapUsed: z.number().nonnegative(),
  messagesIn: z.number().int().nonnegative(),
  messagesOut: z.number().int().nonnegative(),
  mailbox: z.number().int().nonnegative(),
});
/** Actor → supervisor liveness and statistics. */
export type Heartbeat = z.infer<typeof heartbeatSchema>;
