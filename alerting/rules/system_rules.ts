/**
 * System rules: host CPU and memory, free disk of the data directory, the
 * main thread's event-loop lag.
 *
 * @module
 */
import type { RuleSettings } from "./config.ts";
import { ruleBase } from "./rule_base.ts";
import type { SystemSnapshot } from "./system_snapshot.ts";
import { formatDuration } from "./template.ts";
import type { Rule, RuleInstance } from "./types.ts";

type Settings = Pick<RuleSettings, "cpu" | "memory" | "disk" | "eventLoopLag">;

/** One instance with no labels of its own when `value` is known and `breached`. */
function single(value: number | null, breached: (v: number) => boolean): RuleInstance[] {
  return value !== null && breached(value) ? [{ labels: {}, value }] : [];
}

/**
 * `HighCpuUsage`, `HighMemoryUsage`, `LowDiskSpace` and `EventLoopLag`.
 *
 * @example
 * ```ts
 * import { ruleSettingsSchema } from "./config.ts";
 * const rules = systemRules(ruleSettingsSchema.parse({}));
 * rules.map((r) => r.name); // ["HighCpuUsage", "HighMemoryUsage", "LowDiskSpace", "EventLoopLag"]
 * ```
 */
export function systemRules(s: Settings): Rule<SystemSnapshot>[] {
  const { cpu, memory, disk, eventLoopLag: lag } = s;
  return [
    {
      ...ruleBase("HighCpuUsage", cpu, {
        summary: `Host CPU busy {{ $value }}% (above ${cpu.percent}% for ${
          formatDuration(cpu.forMs)
        })`,
        description: "All cores together; candles and signals may fall behind.",
        runbook: "Find the busy thread: actor mailboxes in GET /api/v1/actors, then `top -H`.",
      }),
      evaluate: (i) => single(i.cpuPercent, (v) => v > cpu.percent),
    },
    {
      ...ruleBase("HighMemoryUsage", memory, {
        summary: `Host memory {{ $value }}% used (above ${memory.percent}% for ${
          formatDuration(memory.forMs)
        })`,
        description: "The kernel may soon kill a process (OOM).",
        runbook: "Check actor heaps in /metrics (actor_heap_bytes) and the HeapGrowth alerts.",
      }),
      evaluate: (i) => single(i.memoryPercent, (v) => v > memory.percent),
    },
    {
      ...ruleBase("LowDiskSpace", disk, {
        summary: `Data directory disk {{ $value }}% free (below ${disk.minFreePercent}%)`,
        description: "Candle storage stops when the disk fills.",
        runbook: "Free space or lower the retention of stored candles and alerts.",
      }),
      evaluate: (i) => single(i.diskFreePercent, (v) => v < disk.minFreePercent),
    },
    {
      ...ruleBase("EventLoopLag", lag, {
        summary: `Main thread event loop lags {{ $value }} ms (above ${lag.thresholdMs} ms)`,
        description: "The API, supervisor heartbeats and metrics answer late.",
        runbook: "Look for a blocking call in the main thread (large JSON, sync I/O).",
      }),
      evaluate: (i) => single(i.eventLoopLagMs, (v) => v > lag.thresholdMs),
    },
  ];
}
