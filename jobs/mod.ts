/**
 * Scheduled jobs, run by `Deno.cron` in the supervisor's process: each job
 * is a plain async function of the store and the time (tested without
 * cron); this module only schedules them.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import { errorMessage } from "../lib/errors.ts";
import type { Store } from "../store/mod.ts";
import { type RetentionPolicy, runRetention } from "./retention.ts";

export { type RetentionPolicy, type RetentionResult, runRetention } from "./retention.ts";

/** Options of {@linkcode scheduleJobs}. */
export interface JobOptions {
  store: Pick<Store, "alerts" | "deleteCandlesBefore">;
  retention: RetentionPolicy & { cron: string };
  log: Logger;
  /** Unregisters every job when aborted (Deno.cron's own option). */
  signal: AbortSignal;
  now?: () => number;
}

/**
 * Registers the jobs with `Deno.cron` (needs `"unstable": ["cron"]`).
 * A failing run is logged; the next run tries again.
 *
 * @example
 * ```ts ignore
 * const stop = new AbortController();
 * scheduleJobs({ store, retention: { cron: "17 3 * * *", alertsDays: 30 }, log, signal: stop.signal });
 * ```
 */
export function scheduleJobs(options: JobOptions): void {
  const now = options.now ?? Date.now;
  const { cron, ...policy } = options.retention;
  Deno.cron("retention", cron, { signal: options.signal }, async () => {
    try {
      await runRetention(options.store, policy, now(), options.log);
    } catch (error) {
      options.log.error("retention failed: {error}", { error: errorMessage(error) });
    }
  });
}
