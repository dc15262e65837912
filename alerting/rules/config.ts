/**
 * Rule settings (`alerts.rules` in the configuration): every threshold, `for`
 * duration, severity and annotation of the built-in rules, with defaults.
 *
 * @module
 */
import { Cron } from "croner";
import { z } from "zod";

/** Every built-in rule's alertname. */
export const RULE_NAMES = [
  "HighCpuUsage",
  "HighMemoryUsage",
  "LowDiskSpace",
  "EventLoopLag",
  "ActorDown",
  "ActorFailed",
  "ActorRestartStorm",
  "ActorMemoryRecycled",
  "BusBacklog",
  "BusLag",
  "DeadLetters",
  "StorageUnreachable",
  "RedisUnreachable",
  "SlowQueries",
  "HeapGrowth",
  "StaleData",
  "PriceMove",
  "VolumeSpike",
  "SignalGenerated",
  "PaperDrawdown",
  "DailyPnlSummary",
] as const;
/** A built-in rule's alertname. */
export type RuleName = typeof RULE_NAMES[number];

const ms = z.number().int().nonnegative();
const positiveMs = z.number().int().positive();
const percent = z.number().min(0).max(100);
const count = z.number().int().nonnegative();

const cron = z.string().refine((pattern) => {
  try {
    new Cron(pattern, { timezone: "UTC" });
    return true;
  } catch {
    return false;
  }
}, "a cron pattern such as 0 0 * * * (minute hour day month weekday, UTC)");

/** What every rule has: `for`, severity, and annotation templates replacing the defaults. */
function rule<S extends z.ZodRawShape>(
  forMs: number,
  severity: "info" | "warning" | "critical",
  shape: S,
) {
  return z.object({
    forMs: ms.default(forMs),
    severity: z.enum(["info", "warning", "critical"]).default(severity),
    summary: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    runbook: z.string().min(1).optional(),
    ...shape,
    // Every key of a rule has a default, which TypeScript cannot see through
    // the generic shape: `{}` is a valid input.
  }).strict().prefault({} as never);
}

const MIN = 60_000;

/** Schema of the rule settings; `{}` gives every default. */
export const ruleSettingsSchema = z.object({
  /** How often rules are evaluated. */
  evaluationIntervalMs: positiveMs.default(15_000),
  /** How often firing alerts are announced again (Prometheus' resend delay). */
  resendIntervalMs: positiveMs.default(MIN),
  /** Alertnames of rules not to evaluate. */
  disabled: z.array(z.enum(RULE_NAMES)).default([]),

  cpu: rule(5 * MIN, "warning", { percent: percent.default(90) }),
  memory: rule(5 * MIN, "warning", { percent: percent.default(90) }),
  disk: rule(MIN, "warning", { minFreePercent: percent.default(10) }),
  eventLoopLag: rule(MIN, "warning", { thresholdMs: ms.default(500) }),

  actorDown: rule(MIN, "critical", {}),
  actorFailed: rule(0, "critical", {}),
  restartStorm: rule(0, "warning", {
    restarts: count.default(3),
    windowMs: positiveMs.default(10 * MIN),
  }),
  watchdogRecycle: rule(0, "warning", { windowMs: positiveMs.default(10 * MIN) }),
  busBacklog: rule(2 * MIN, "warning", { messages: count.default(5_000) }),
  busLag: rule(2 * MIN, "warning", { thresholdMs: ms.default(MIN) }),
  deadLetters: rule(0, "warning", { windowMs: positiveMs.default(5 * MIN) }),
  storage: rule(30_000, "critical", {}),
  redis: rule(30_000, "critical", {}),
  slowQueries: rule(0, "warning", {
    count: count.default(10),
    windowMs: positiveMs.default(5 * MIN),
  }),
  heapGrowth: rule(0, "warning", {}),

  staleData: rule(0, "warning", { intervals: z.number().positive().default(3) }),
  priceMove: rule(0, "warning", {
    percent: z.number().positive().default(5),
    windowMs: positiveMs.default(60 * MIN),
  }),
  volumeSpike: rule(0, "info", {
    factor: z.number().positive().default(5),
    lookback: z.number().int().positive().default(20),
  }),
  /** A signal fires at once and keeps firing for `holdMs` (longer than any `group_wait`). */
  signal: rule(0, "info", { holdMs: ms.default(5 * MIN) }),
  drawdown: rule(0, "warning", { percent: percent.default(10) }),
  dailySummary: rule(0, "info", { cron: cron.default("0 0 * * *"), holdMs: ms.default(60 * MIN) }),
}).strict();

/** Validated rule settings. */
export type RuleSettings = z.infer<typeof ruleSettingsSchema>;
/** What one rule's settings have in common. */
export type CommonRuleSettings = RuleSettings["cpu"];

/**
 * When the daily summary runs next after `now` (strictly), per a cron
 * pattern read in UTC.
 *
 * @throws {RangeError} when the pattern is invalid or never runs again.
 * @example
 * ```ts
 * nextDailySummaryAt("0 0 * * *", Date.UTC(2026, 0, 1, 12)); // Date.UTC(2026, 0, 2)
 * ```
 */
export function nextDailySummaryAt(pattern: string, now: number): number {
  const next = parseCron(pattern).nextRun(new Date(now));
  if (!next) throw new RangeError(`cron ${JSON.stringify(pattern)} never runs after ${now}`);
  return next.getTime();
}

/**
 * The period a summary run at `runAt` covers: from the pattern's previous
 * run to `runAt`. For `0 0 * * *` at midnight that is the UTC day before.
 *
 * @example
 * ```ts
 * summaryPeriod("0 0 * * *", Date.UTC(2026, 0, 2)); // { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2) }
 * ```
 */
export function summaryPeriod(pattern: string, runAt: number): { start: number; end: number } {
  const [prev] = parseCron(pattern).previousRuns(1, new Date(runAt));
  return { start: prev ? prev.getTime() : runAt - 86_400_000, end: runAt };
}

function parseCron(pattern: string): Cron {
  try {
    return new Cron(pattern, { timezone: "UTC" });
  } catch (e) {
    throw new RangeError(
      `invalid cron pattern ${JSON.stringify(pattern)}: ${e instanceof Error ? e.message : e}`,
    );
  }
}
