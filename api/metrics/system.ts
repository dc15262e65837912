import { Counter, Gauge, type Registry } from "prom-client";
import type { EventLoopLagSampler } from "../../monitor/event_loop_lag.ts";
import { readSystemStats, type SystemStats } from "../../monitor/system_stats.ts";

/** Options of {@linkcode systemMetrics}. */
export interface SystemMetricsOptions {
  /** The main thread's lag sampler (started by the caller). */
  lag: EventLoopLagSampler;
  /** Directory whose file system's free space is reported. */
  dataDir?: string;
}

/**
 * Registers process and host figures, read once per scrape: CPU, memory,
 * load, disk space of the data directory, and the main thread's event-loop
 * lag (`event_loop_lag_seconds`: the worst over the sampler's window).
 * prom-client's default metrics are not used: their event-loop lag reads
 * wrong on Deno.
 *
 * @example
 * ```ts
 * import { Registry } from "prom-client";
 * import { EventLoopLagSampler } from "../../monitor/mod.ts";
 * systemMetrics(new Registry(), { lag: new EventLoopLagSampler(), dataDir: "." });
 * ```
 */
export function systemMetrics(registry: Registry, options: SystemMetricsOptions): void {
  const registers = [registry];
  // One read serves every metric of a scrape (they collect in one go).
  let current: SystemStats | undefined;
  const read = () => {
    if (!current) {
      current = readSystemStats({ dataDir: options.dataDir });
      queueMicrotask(() => current = undefined);
    }
    return current;
  };
  const gauge = (name: string, help: string, value: (s: SystemStats) => number | undefined) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const v = value(read());
        if (v === undefined) this.reset();
        else this.set(v);
      },
    });
  const counter = (name: string, help: string, value: (s: SystemStats) => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(value(read()));
      },
    });

  counter(
    "process_cpu_user_seconds_total",
    "User CPU time of the process, every thread, seconds.",
    (s) => s.process.cpuUserSeconds,
  );
  counter(
    "process_cpu_system_seconds_total",
    "System CPU time of the process, every thread, seconds.",
    (s) => s.process.cpuSystemSeconds,
  );
  counter(
    "process_cpu_seconds_total",
    "User and system CPU time of the process, seconds.",
    (s) => s.process.cpuUserSeconds + s.process.cpuSystemSeconds,
  );
  gauge(
    "process_resident_memory_bytes",
    "Resident memory of the process, bytes.",
    (s) => s.process.residentBytes,
  );
  gauge(
    "process_heap_used_bytes",
    "Heap used by the main thread, bytes.",
    (s) => s.process.heapUsedBytes,
  );
  gauge(
    "process_heap_total_bytes",
    "Heap allocated by the main thread, bytes.",
    (s) => s.process.heapTotalBytes,
  );
  gauge(
    "process_external_memory_bytes",
    "Memory outside the main thread's heap held by JS objects, bytes.",
    (s) => s.process.externalBytes,
  );
  gauge(
    "process_start_time_seconds",
    "Start time of the process since the epoch, seconds.",
    (s) => s.process.startTimeSeconds,
  );
  new Counter({
    name: "host_cpu_seconds_total",
    help: "CPU time of the host summed over its cores, by mode, seconds.",
    labelNames: ["mode"] as const,
    registers,
    collect() {
      this.reset();
      for (const [mode, v] of Object.entries(read().host.cpuSeconds)) this.inc({ mode }, v);
    },
  });
  gauge("host_cpus", "CPU cores of the host.", (s) => s.host.cpus);
  new Gauge({
    name: "host_load_average",
    help: "Load average of the host over the period.",
    labelNames: ["period"] as const,
    registers,
    collect() {
      for (const [period, v] of Object.entries(read().host.load)) this.set({ period }, v);
    },
  });
  gauge(
    "host_memory_total_bytes",
    "Memory of the host, bytes.",
    (s) => s.host.memoryTotalBytes,
  );
  gauge(
    "host_memory_available_bytes",
    "Memory of the host available to new work, bytes.",
    (s) => s.host.memoryAvailableBytes,
  );
  const disk = (
    name: string,
    help: string,
    value: (d: NonNullable<SystemStats["disk"]>) => number,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ["path"] as const,
      registers,
      collect() {
        this.reset();
        const d = read().disk;
        if (d) this.set({ path: d.path }, value(d));
      },
    });
  disk("disk_total_bytes", "Size of the data directory's file system, bytes.", (d) => d.totalBytes);
  disk(
    "disk_free_bytes",
    "Free space on the data directory's file system, bytes.",
    (d) => d.freeBytes,
  );
  disk(
    "disk_available_bytes",
    "Space on the data directory's file system available to this process, bytes.",
    (d) => d.availableBytes,
  );
  new Gauge({
    name: "event_loop_lag_seconds",
    help: "Worst main-thread event-loop delay over the sampling window, seconds.",
    registers,
    collect() {
      this.set(options.lag.summary().maxMs / 1000);
    },
  });
  new Gauge({
    name: "event_loop_lag_p99_seconds",
    help: "99th percentile of the main-thread event-loop delay over the sampling window, seconds.",
    registers,
    collect() {
      this.set(options.lag.summary().p99Ms / 1000);
    },
  });
}
