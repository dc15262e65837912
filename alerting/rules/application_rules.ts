/**
 * Application rules: actors down, failed, restarting in a storm or recycled
 * by the memory watchdog; bus backlog, lag and dead letters; storage and
 * Redis reachability; slow queries; heap growth.
 *
 * Alertnames and labels of `ActorFailed`, `ActorMemoryRecycled` and
 * `HeapGrowth` are those the supervisor and the performance monitor already
 * raise, so the rules' alerts share their fingerprints (and resolve them).
 *
 * @module
 */
import type { Labels } from "../model.ts";
import type { RuleSettings } from "./config.ts";
import { ruleBase } from "./rule_base.ts";
import type { SystemSnapshot } from "./system_snapshot.ts";
import { formatDuration } from "./template.ts";
import type { Rule, RuleInstance } from "./types.ts";

type Settings = Pick<
  RuleSettings,
  | "actorDown"
  | "actorFailed"
  | "restartStorm"
  | "watchdogRecycle"
  | "busBacklog"
  | "busLag"
  | "deadLetters"
  | "storage"
  | "redis"
  | "slowQueries"
  | "heapGrowth"
>;

function queueLabels(q: { topic: string; group: string | null }): Labels {
  return q.group === null ? { topic: q.topic } : { topic: q.topic, group: q.group };
}

/**
 * The application rules over a {@linkcode SystemSnapshot}.
 *
 * @example
 * ```ts
 * import { ruleSettingsSchema } from "./config.ts";
 * const rules = applicationRules(ruleSettingsSchema.parse({}));
 * rules.length; // 11
 * ```
 */
export function applicationRules(s: Settings): Rule<SystemSnapshot>[] {
  const storm = s.restartStorm, recycle = s.watchdogRecycle, dead = s.deadLetters;
  const slow = s.slowQueries;
  return [
    {
      ...ruleBase("ActorDown", s.actorDown, {
        summary: `{{ $labels.actor }} is not running (for ${formatDuration(s.actorDown.forMs)})`,
        description: "Restarting or hung (heartbeat overdue); its messages wait in the bus.",
        runbook: "GET /api/v1/actors for its last error; POST /api/v1/actors/{id}/restart.",
      }),
      evaluate: (i) =>
        i.actors.filter((a) => a.status === "restarting" || a.status === "down")
          .map((a) => ({ labels: { actor: a.name }, value: 1 })),
    },
    {
      ...ruleBase("ActorFailed", s.actorFailed, {
        summary: "{{ $labels.actor }} failed and is left stopped",
        description: "A fatal error or too many restarts; the supervisor gave up on it.",
        runbook: "Read its lastError in GET /api/v1/actors, fix the cause, restart the process.",
      }),
      evaluate: (i) =>
        i.actors.filter((a) => a.status === "failed")
          .map((a) => ({ labels: { actor: a.name }, value: 1 })),
    },
    {
      ...ruleBase("ActorRestartStorm", storm, {
        summary: `{{ $labels.actor }} restarted {{ $value }} times in ${
          formatDuration(storm.windowMs)
        }`,
        description: "Something makes it crash repeatedly; escalation may follow.",
        runbook: "Look at its restartsByReason and lastError in GET /api/v1/actors and the log.",
      }),
      evaluate: (i) =>
        i.actors.filter((a) => a.restartsInWindow >= storm.restarts)
          .map((a) => ({ labels: { actor: a.name }, value: a.restartsInWindow })),
    },
    {
      ...ruleBase("ActorMemoryRecycled", recycle, {
        summary: `{{ $labels.actor }} recycled by the memory watchdog {{ $value }} times in ${
          formatDuration(recycle.windowMs)
        }`,
        description: "Its heap passed its limit; a leak or a limit set too low.",
        runbook:
          "Check its HeapGrowth alert and actor_heap_bytes; if its size is legitimate, raise " +
          "actorSettings.<actor>.maxHeapMb (CT_ACTOR_SETTINGS__<ACTOR>__MAX_HEAP_MB).",
      }),
      evaluate: (i) =>
        i.actors.filter((a) => a.watchdogRecycles > 0)
          .map((a) => ({ labels: { actor: a.name }, value: a.watchdogRecycles })),
    },
    {
      ...ruleBase("BusBacklog", s.busBacklog, {
        summary:
          `{{ $value }} messages queued on {{ $labels.topic }} (above ${s.busBacklog.messages})`,
        description: "A consumer falls behind its producers.",
        runbook: "Find the slow consumer in actor_handler_duration_seconds and its mailbox.",
      }),
      evaluate: (i) =>
        i.bus.filter((q) => q.backlog > s.busBacklog.messages)
          .map((q) => ({ labels: queueLabels(q), value: q.backlog })),
    },
    {
      ...ruleBase("BusLag", s.busLag, {
        summary:
          `Oldest message on {{ $labels.topic }} waits {{ $value }} ms (above ${s.busLag.thresholdMs} ms)`,
        description: "Alerts and signals reach their consumers late.",
        runbook: "Find the slow consumer in actor_handler_duration_seconds and its mailbox.",
      }),
      evaluate: (i) =>
        i.bus.flatMap((q): RuleInstance[] =>
          q.lagMs !== null && q.lagMs > s.busLag.thresholdMs
            ? [{ labels: queueLabels(q), value: q.lagMs }]
            : []
        ),
    },
    {
      ...ruleBase("DeadLetters", dead, {
        summary: `{{ $value }} messages dead-lettered in ${formatDuration(dead.windowMs)}`,
        description: "Handlers gave up on them after every retry; they were not processed.",
        runbook: 'Read the dead letters\' errors in the log ("dead letter on ...").',
      }),
      evaluate: (i) =>
        i.deadLettersInWindow > 0 ? [{ labels: {}, value: i.deadLettersInWindow }] : [],
    },
    {
      ...ruleBase("StorageUnreachable", s.storage, {
        summary: `Storage unreachable for ${formatDuration(s.storage.forMs)}`,
        description: "Candles, signals and alerts are not being stored.",
        runbook:
          "Check PostgreSQL (DATABASE_URL) or the data directory; GET /ready shows the error.",
      }),
      evaluate: (i) => i.storageOk === false ? [{ labels: {}, value: 1 }] : [],
    },
    {
      ...ruleBase("RedisUnreachable", s.redis, {
        summary: `Redis unreachable for ${formatDuration(s.redis.forMs)}`,
        description: "The bus is down: actors neither receive nor publish.",
        runbook: "Check the Redis server at REDIS_URL; GET /ready shows the error.",
      }),
      evaluate: (i) => i.redisOk === false ? [{ labels: {}, value: 1 }] : [],
    },
    {
      ...ruleBase("SlowQueries", slow, {
        summary: `{{ $value }} slow queries in ${
          formatDuration(slow.windowMs)
        } (above ${slow.count})`,
        description: "Storage answers slowly; reads and writes pile up.",
        runbook: "See the slow-query log lines (ct.monitor.db) and db_query_duration_seconds.",
      }),
      evaluate: (i) =>
        i.slowQueriesInWindow > slow.count ? [{ labels: {}, value: i.slowQueriesInWindow }] : [],
    },
    {
      ...ruleBase("HeapGrowth", s.heapGrowth, {
        summary: "{{ $labels.actor }} heap grows {{ $value }} MiB/min steadily: a probable leak",
        runbook: "Take a heap snapshot of the thread, or let the memory watchdog recycle it.",
      }),
      evaluate: (i) =>
        i.heapGrowth.filter((h) => h.growing)
          .map((h) => ({
            labels: { actor: h.actor },
            value: Math.round(h.slopeBytesPerMin / 104_857.6) / 10, // MiB/min, 1 decimal
          })),
    },
  ];
}
