/**
 * Environment variables that configure a process: the well-known names and
 * `CT_`-prefixed names for the commonly set settings. `.env.example` lists
 * the same set (a test keeps them in step). Every other setting has a name
 * derived from its path (`derived_env.ts`).
 *
 * @module
 */

/** How an environment string becomes a config value. */
export type EnvKind = "string" | "int" | "number" | "bool" | "list" | "json";

/** One environment variable and the config path it sets. */
export interface EnvVar {
  name: string;
  path: string;
  kind: EnvKind;
  /** `"null"` gives `null` (a setting that is off when null, like `paper.stopLoss`). */
  nullable?: boolean;
  doc: string;
}

/** Every explicit environment variable, in the order `.env.example` shows them. */
export const envVars: readonly EnvVar[] = [
  {
    name: "DATABASE_URL",
    path: "databaseUrl",
    kind: "string",
    doc: "PostgreSQL URL; unset = embedded SQLite in CT_DATA_DIR",
  },
  {
    name: "REDIS_URL",
    path: "redisUrl",
    kind: "string",
    doc: "Redis URL; set = Redis Streams bus, roles may span processes",
  },
  { name: "PORT", path: "api.port", kind: "int", doc: "HTTP API port" },
  {
    name: "API_KEY",
    path: "api.apiKey",
    kind: "string",
    doc: "Bearer key required by mutating API routes (16+ chars)",
  },
  {
    name: "TELEGRAM_BOT_TOKEN",
    path: "alerts.telegramBotToken",
    kind: "string",
    doc: "Telegram bot token for alert notifications",
  },
  {
    name: "TELEGRAM_CHAT_IDS",
    path: "alerts.telegramChatIds",
    kind: "list",
    doc: "Comma-separated Telegram chat ids",
  },
  {
    name: "CT_TELEGRAM_API_ROOT",
    path: "alerts.telegramApiRoot",
    kind: "string",
    doc: "Telegram Bot API root (a local Bot API server); default https://api.telegram.org",
  },
  {
    name: "SMTP_URL",
    path: "alerts.smtpUrl",
    kind: "string",
    doc: "SMTP server URL for alert e-mail (smtp://user:pass@host:587)",
  },
  {
    name: "ALERT_EMAIL_TO",
    path: "alerts.emailTo",
    kind: "list",
    doc: "Comma-separated alert e-mail recipients",
  },
  {
    name: "ALERT_EMAIL_FROM",
    path: "alerts.emailFrom",
    kind: "string",
    doc: "Sender of alert e-mail, e.g. Crypto-Trade <alerts@example.com>",
  },
  {
    name: "CT_PUBLIC_URL",
    path: "alerts.publicUrl",
    kind: "string",
    doc: "Public base URL of the API; alert messages link to it",
  },
  {
    name: "ALERT_WEBHOOK_URL",
    path: "alerts.webhookUrl",
    kind: "string",
    doc: "Webhook URL for alert notifications",
  },
  {
    name: "ALERT_WEBHOOK_SECRET",
    path: "alerts.webhookSecret",
    kind: "string",
    doc: "HMAC-SHA256 secret signing webhook bodies",
  },
  {
    name: "LOG_LEVEL",
    path: "log.level",
    kind: "string",
    doc: "trace | debug | info | warning | error | fatal",
  },
  {
    name: "LOG_FORMAT",
    path: "log.format",
    kind: "string",
    doc: "pretty (console) | json (one object a line, for Loki)",
  },
  {
    name: "CT_DATA_DIR",
    path: "dataDir",
    kind: "string",
    doc: "Directory of the embedded database",
  },
  {
    name: "CT_SOURCE",
    path: "source",
    kind: "string",
    doc: "Market data source: ccxt | sim | replay",
  },
  {
    name: "CT_REPLAY_FILE",
    path: "replayFile",
    kind: "string",
    doc: "Binance kline CSV for --source replay",
  },
  {
    name: "CT_SPEED",
    path: "speed",
    kind: "number",
    doc: "Time factor of sim/replay (60 = an hour a minute)",
  },
  { name: "CT_SEED", path: "seed", kind: "string", doc: "Seed of the simulated market" },
  {
    name: "CT_ACTORS",
    path: "actors",
    kind: "list",
    doc: "Actors this process runs (collector,analyzer,strategy,alerter)",
  },
  {
    name: "CT_INSTANCE",
    path: "instance",
    kind: "string",
    doc: "This process's instance label on its alerts; default <hostname>/<actors>",
  },
  { name: "CT_EXCHANGE", path: "watchlist.exchange", kind: "string", doc: "CCXT exchange id" },
  {
    name: "CT_SYMBOLS",
    path: "watchlist.symbols",
    kind: "list",
    doc: "Comma-separated symbols, e.g. BTC/USDT,ETH/USDT",
  },
  {
    name: "CT_TIMEFRAMES",
    path: "watchlist.timeframes",
    kind: "list",
    doc: "Comma-separated timeframes, e.g. 1m,5m",
  },
  { name: "CT_API_HOST", path: "api.host", kind: "string", doc: "Address the API listens on" },
  {
    name: "CT_API_PROTECT_READS",
    path: "api.protectReads",
    kind: "bool",
    doc: "Require API_KEY for reads too",
  },
  {
    name: "CT_RATE_LIMIT_PER_MINUTE",
    path: "api.rateLimitPerMinute",
    kind: "int",
    doc: "API requests per minute per client",
  },
  {
    name: "CT_CORS_ORIGINS",
    path: "api.corsOrigins",
    kind: "list",
    doc: "Comma-separated allowed CORS origins",
  },
  {
    name: "CT_TRUSTED_PROXIES",
    path: "api.trustedProxies",
    kind: "list",
    doc: "Comma-separated proxies whose X-Forwarded-For names the client (IPs, CIDRs, loopback)",
  },
  {
    name: "CT_SUPERVISOR_STRATEGY",
    path: "supervisor.strategy",
    kind: "string",
    doc: "one_for_one | rest_for_one",
  },
  {
    name: "CT_RESTART_INTENSITY",
    path: "supervisor.intensity",
    kind: "int",
    doc: "Restarts allowed per period before escalation",
  },
  {
    name: "CT_RESTART_PERIOD_MS",
    path: "supervisor.periodMs",
    kind: "int",
    doc: "Window of the restart intensity",
  },
  {
    name: "CT_ON_ESCALATION",
    path: "supervisor.onEscalation",
    kind: "string",
    doc: "degrade (keep the rest running) | exit (non-zero, for an outer supervisor)",
  },
  {
    name: "CT_ON_LEAKED_THREAD",
    path: "supervisor.onLeakedThread",
    kind: "string",
    doc: "report | exit (non-zero when a hung worker's thread cannot be stopped)",
  },
  {
    name: "CT_HEARTBEAT_TIMEOUT_MS",
    path: "supervisor.heartbeatTimeoutMs",
    kind: "int",
    doc: "Silence after which an actor counts as hung",
  },
  {
    name: "CT_SHUTDOWN_TIMEOUT_MS",
    path: "supervisor.shutdownTimeoutMs",
    kind: "int",
    doc: "Bound on a graceful stop, ms; past it the process exits 1",
  },
  {
    name: "CT_RETENTION_CRON",
    path: "retention.cron",
    kind: "string",
    doc: "When retention runs (cron, UTC); default 17 3 * * *",
  },
  {
    name: "CT_CANDLE_RETENTION_DAYS",
    path: "retention.candlesDays",
    kind: "int",
    doc: "Delete candles older than this many days; unset keeps them",
  },
  { name: "CT_BUS_PREFIX", path: "bus.prefix", kind: "string", doc: "Redis key prefix" },
  {
    name: "CT_BUS_PARTITIONS",
    path: "bus.partitions",
    kind: "int",
    doc: "Redis stream partitions per topic",
  },
  {
    name: "CT_BUS_CLAIM_IDLE_MS",
    path: "bus.claimIdleMs",
    kind: "int",
    doc: "Idle time before a dead consumer's messages are reclaimed",
  },
  {
    name: "CT_BACKFILL_CANDLES",
    path: "collector.backfillCandles",
    kind: "int",
    doc: "Candles backfilled per series when none are stored",
  },
  {
    name: "CT_CANDLES_PER_MESSAGE",
    path: "collector.candlesPerMessage",
    kind: "int",
    doc: "Most candles per bus message for backfill pages and replays (1: one message each)",
  },
  {
    name: "CT_LOCK_TIMEOUT_MS",
    path: "store.lockTimeoutMs",
    kind: "int",
    doc: "How long a database write waits for another writer's lock, ms, before it is retried",
  },
  {
    name: "CT_STATEMENT_TIMEOUT_MS",
    path: "store.statementTimeoutMs",
    kind: "int",
    doc:
      "PostgreSQL cancels a statement running longer, ms, and it is retried; a session idle in a transaction that long is ended (0: no limit)",
  },
  {
    name: "CT_SLOW_QUERY_MS",
    path: "monitor.slowQueryMs",
    kind: "int",
    doc: "Store operations at least this slow, ms, are logged and counted as slow queries",
  },
];

/** Names of the variables whose values are secrets. */
export const secretEnvNames: ReadonlySet<string> = new Set([
  "API_KEY",
  "TELEGRAM_BOT_TOKEN",
  "ALERT_WEBHOOK_SECRET",
]);
