/**
 * The one typed, validated configuration of a Crypto-Trade process.
 *
 * @module
 */
// @ts-types="@types/proxy-addr"
import proxyAddr from "proxy-addr";
import { z } from "zod";
import { urlWithScheme } from "../lib/url_schema.ts";
import { alertingConfigSchema } from "../alerting/config.ts";
import { paperConfigSchema } from "../paper/config.ts";
import { MAX_BATCH_ROWS } from "../messages/batches.ts";
import { Cron } from "croner";
import { DEFAULT_LOCK_TIMEOUT_MS, DEFAULT_STATEMENT_TIMEOUT_MS } from "../store/timeouts.ts";

const actorNames = ["collector", "analyzer", "strategy", "alerter"] as const;
/** The actor roles a process can run. */
export const actorNameSchema = z.enum(actorNames);
/** An actor role. */
export type ActorName = z.infer<typeof actorNameSchema>;

const timeframe = z.string().regex(/^[1-9][0-9]*[mhdw]$/, "a timeframe such as 1m, 5m, 1h, 1d");
const symbol = z.string().regex(/^[A-Z0-9]+\/[A-Z0-9]+$/, "a symbol such as BTC/USDT");

const actorSpecSchema = z.strictObject({
  isolation: z.enum(["worker", "process"]).default("worker"),
  restart: z.enum(["permanent", "transient", "temporary"]).default("permanent"),
  maxHeapMb: z.number().int().positive().default(512),
  shutdownMs: z.number().int().positive().default(5_000),
});

/** Per-actor child-spec settings. */
export type ActorSettings = z.infer<typeof actorSpecSchema>;

const actorDefaults = {
  collector: actorSpecSchema.parse({}),
  analyzer: actorSpecSchema.parse({}),
  strategy: actorSpecSchema.parse({}),
  alerter: actorSpecSchema.parse({}),
};

/** Schema of the whole configuration, with its defaults. */
export const configSchema = z.strictObject({
  databaseUrl: urlWithScheme(["postgres:", "postgresql:"]).optional(),
  redisUrl: urlWithScheme(["redis:", "rediss:"]).optional(),
  dataDir: z.string().min(1).default("./data"),
  source: z.enum(["ccxt", "sim", "replay"]).default("ccxt"),
  replayFile: z.string().optional(),
  speed: z.number().positive().default(1),
  seed: z.string().min(1).default("crypto-trade"),
  actors: z.array(actorNameSchema).min(1).default([...actorNames]),
  /** Names this process in its alerts' `instance` label; default `<hostname>/<actors>`. */
  instance: z.string().min(1).max(200).optional(),
  watchlist: z.strictObject({
    exchange: z.string().regex(/^[a-z0-9]+$/, "a CCXT exchange id such as binance")
      .default("binance"),
    symbols: z.array(symbol).min(1).default(["BTC/USDT", "ETH/USDT"]),
    timeframes: z.array(timeframe).min(1).default(["1m"]),
  }).prefault({}),
  log: z.strictObject({
    level: z.enum(["trace", "debug", "info", "warning", "error", "fatal"]).default("info"),
    format: z.enum(["pretty", "json"]).default("pretty"),
  }).prefault({}),
  api: z.strictObject({
    host: z.string().min(1).default("127.0.0.1"),
    port: z.number().int().min(0).max(65_535).default(8000),
    apiKey: z.string().min(16, "at least 16 characters").optional(),
    protectReads: z.boolean().default(false),
    rateLimitPerMinute: z.number().int().positive().default(60),
    corsOrigins: z.array(z.string()).default([]),
    /**
     * Proxies in front of the API (addresses, CIDR ranges, `loopback`,
     * `linklocal`, `uniquelocal`) whose `X-Forwarded-For` names the client
     * for rate limits and the access log. Empty: the socket's peer is the client.
     */
    trustedProxies: z.array(z.string()).default([]).superRefine((list, ctx) => {
      try {
        proxyAddr.compile(list);
      } catch (e) {
        ctx.addIssue({
          code: "custom",
          message: `expected IP addresses, CIDR ranges or loopback, linklocal, uniquelocal: ${
            e instanceof Error ? e.message : String(e)
          }`,
        });
      }
    }),
  }).prefault({}),
  supervisor: z.strictObject({
    strategy: z.enum(["one_for_one", "rest_for_one"]).default("one_for_one"),
    intensity: z.number().int().positive().default(5),
    periodMs: z.number().int().positive().default(30_000),
    backoffInitialMs: z.number().int().nonnegative().default(100),
    backoffMaxMs: z.number().int().positive().default(30_000),
    onEscalation: z.enum(["degrade", "exit"]).default("degrade"),
    onLeakedThread: z.enum(["report", "exit"]).default("report"),
    heartbeatIntervalMs: z.number().int().positive().default(1_000),
    heartbeatTimeoutMs: z.number().int().positive().default(10_000),
    shutdownTimeoutMs: z.number().int().positive().default(10_000),
    statusIntervalMs: z.number().int().positive().default(60_000),
  }).prefault({}),
  actorSettings: z.strictObject({
    collector: actorSpecSchema.prefault({}),
    analyzer: actorSpecSchema.prefault({}),
    strategy: actorSpecSchema.prefault({}),
    alerter: actorSpecSchema.prefault({}),
  }).default(actorDefaults),
  bus: z.strictObject({
    prefix: z.string().min(1).default("ct"),
    partitions: z.number().int().min(1).max(1024).default(8),
    leaseMs: z.number().int().positive().default(10_000),
    claimIdleMs: z.number().int().positive().default(30_000),
    maxAttempts: z.number().int().positive().default(5),
  }).prefault({}),
  strategies: z.array(
    z.strictObject({
      id: z.string().min(1),
      name: z.string().min(1).optional(),
      params: z.record(z.string(), z.unknown()).optional(),
      /** Symbols it runs on; all of the watchlist when absent. */
      symbols: z.array(symbol).min(1).optional(),
    }),
  ).default([
    { id: "ema_cross" },
    { id: "rsi_reversion" },
    { id: "macd_cross" },
    { id: "bollinger" },
  ]),
  paper: paperConfigSchema.prefault({}),
  collector: z.strictObject({
    backfillCandles: z.number().int().nonnegative().default(1_000),
    /**
     * Most candles one bus message carries when the collector publishes a
     * backfill page or a replay: pages go as `candle_batch` messages; 1 sends
     * every candle as a message of its own.
     */
    candlesPerMessage: z.number().int().min(1).max(MAX_BATCH_ROWS).default(MAX_BATCH_ROWS),
  }).prefault({}),
  alerts: alertingConfigSchema.prefault({}),
  retention: z.strictObject({
    /** When retention runs (UTC, five fields). */
    cron: z.string().refine(isCron, "a five-field cron expression such as 17 3 * * *")
      .default("17 3 * * *"),
    /** Candles older than this many days are deleted; unset keeps them forever. */
    candlesDays: z.number().int().positive().optional(),
  }).prefault({}),
  store: z.strictObject({
    /**
     * How long a write waits for another writer's lock before it fails as
     * busy and is retried (SQLite's busy timeout, PostgreSQL's `lock_timeout`).
     */
    lockTimeoutMs: z.number().int().positive().default(DEFAULT_LOCK_TIMEOUT_MS),
    /**
     * PostgreSQL cancels a statement running longer (`statement_timeout`),
     * and the operation is retried; 0: no limit. Migrations are exempt.
     */
    statementTimeoutMs: z.number().int().nonnegative().default(DEFAULT_STATEMENT_TIMEOUT_MS),
  }).prefault({}),
  monitor: z.strictObject({
    /**
     * Store operations at least this slow are logged and counted
     * (`db_slow_queries_total`), by the main thread and by every actor.
     */
    slowQueryMs: z.number().int().nonnegative().default(500),
  }).prefault({}),
});

function isCron(pattern: string): boolean {
  if (pattern.trim().split(/\s+/).length !== 5) return false;
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}

/** The validated configuration. */
export type Config = z.infer<typeof configSchema>;

/** Paths whose values are secrets: redacted wherever configuration is shown. */
export const secretPaths: readonly string[] = [
  "api.apiKey",
  "alerts.telegramBotToken",
  "alerts.webhookSecret",
];

/**
 * Paths holding URLs, which may carry secrets (credentials, a token in the
 * query string or in a webhook's path): shown with only their scheme, host,
 * port and a database path in clear. `*` stands for any array index.
 */
export const urlPaths: readonly string[] = [
  "databaseUrl",
  "redisUrl",
  "alerts.telegramApiRoot",
  "alerts.smtpUrl",
  "alerts.webhookUrl",
  "alerts.publicUrl",
  "alerts.receivers.*.webhook.url",
];
