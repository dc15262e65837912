/**
 * Process and host figures: CPU, memory, load, disk space of the data
 * directory. `Deno.statfs` does not exist; `node:fs` `statfsSync` does the
 * job without spawning `df`.
 *
 * @module
 */
import { statfsSync } from "node:fs";
import os from "node:os";
import process from "node:process";

/** Free and total space of the file system holding a path, bytes. */
export interface DiskStats {
  path: string;
  totalBytes: number;
  /** Free to anyone (root's reserve included). */
  freeBytes: number;
  /** Free to this (unprivileged) process. */
  availableBytes: number;
}

/** A snapshot of this process and its host. */
export interface SystemStats {
  process: {
    /** CPU time of every thread of this process, seconds. */
    cpuUserSeconds: number;
    cpuSystemSeconds: number;
    residentBytes: number;
    /** The calling thread's V8 heap. */
    heapUsedBytes: number;
    heapTotalBytes: number;
    externalBytes: number;
    /** Epoch seconds the process started. */
    startTimeSeconds: number;
  };
  host: {
    cpus: number;
    /** CPU time summed over every core, seconds, by mode. */
    cpuSeconds: Record<"user" | "nice" | "system" | "idle" | "irq", number>;
    load: { "1m": number; "5m": number; "15m": number };
    memoryTotalBytes: number;
    memoryAvailableBytes: number;
  };
  /** Absent when the path does not exist (e.g. no data dir with PostgreSQL). */
  disk?: DiskStats;
}

/**
 * Space on the file system holding `path`, or `undefined` when it cannot be
 * read (missing path).
 *
 * @example
 * ```ts
 * const disk = diskStats(".");
 * if (disk) console.log(disk.availableBytes <= disk.totalBytes); // true
 * ```
 */
export function diskStats(path: string): DiskStats | undefined {
  try {
    const s = statfsSync(path);
    return {
      path,
      totalBytes: s.blocks * s.bsize,
      freeBytes: s.bfree * s.bsize,
      availableBytes: s.bavail * s.bsize,
    };
  } catch {
    return undefined;
  }
}

/**
 * Reads the figures now. `dataDir` selects the file system to report.
 *
 * @example
 * ```ts
 * const stats = readSystemStats({ dataDir: "." });
 * stats.host.memoryAvailableBytes <= stats.host.memoryTotalBytes; // true
 * ```
 */
export function readSystemStats(options: { dataDir?: string } = {}): SystemStats {
  const cpu = process.cpuUsage();
  const mem = Deno.memoryUsage();
  const sys = Deno.systemMemoryInfo();
  const cpuSeconds = { user: 0, nice: 0, system: 0, idle: 0, irq: 0 };
  const cores = os.cpus();
  for (const c of cores) {
    // node:os reports milliseconds.
    cpuSeconds.user += c.times.user / 1000;
    cpuSeconds.nice += c.times.nice / 1000;
    cpuSeconds.system += c.times.sys / 1000;
    cpuSeconds.idle += c.times.idle / 1000;
    cpuSeconds.irq += c.times.irq / 1000;
  }
  const [l1, l5, l15] = os.loadavg();
  return {
    process: {
      cpuUserSeconds: cpu.user / 1e6,
      cpuSystemSeconds: cpu.system / 1e6,
      residentBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      heapTotalBytes: mem.heapTotal,
      externalBytes: mem.external,
      startTimeSeconds: Math.round(Date.now() - process.uptime() * 1000) / 1000,
    },
    host: {
      cpus: cores.length,
      cpuSeconds,
      load: { "1m": l1 ?? 0, "5m": l5 ?? 0, "15m": l15 ?? 0 },
      memoryTotalBytes: sys.total,
      memoryAvailableBytes: sys.available,
    },
    disk: options.dataDir === undefined ? undefined : diskStats(options.dataDir),
  };
}
