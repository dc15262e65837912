/**
 * How a running system is asked to stop, and how long it may take.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";

/**
 * Exit code after a second shutdown signal: 128 + SIGINT, what a shell
 * reports for a process Ctrl-C ended.
 */
export const FORCED_EXIT_CODE = 130;

/**
 * Exit code when the graceful stop overran its bound: not 0, so an outer
 * supervisor (compose, systemd) sees that work may have been left unacked.
 */
export const STOP_OVERRAN_CODE = 1;

/** Options of {@linkcode shutdownSignals}. */
export interface ShutdownSignalOptions {
  log: Logger;
  /** Registers `handler` for SIGINT and SIGTERM. Default `Deno.addSignalListener`. */
  listen?: (handler: () => void) => void;
  /** Ends the process at once. Default `Deno.exit`. */
  exit?: (code: number) => void;
  /** Milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

/**
 * Resolves 0 on the first SIGINT or SIGTERM; a second one exits at once with
 * {@linkcode FORCED_EXIT_CODE}. A repeat within a second is ignored: Ctrl-C
 * under `deno task` reaches this process twice (from the terminal and
 * forwarded by the task runner).
 *
 * @example
 * ```ts ignore
 * const stopRequested = shutdownSignals({ log });
 * await Promise.race([supervisor.done, stopRequested]);
 * ```
 */
export function shutdownSignals(options: ShutdownSignalOptions): Promise<number> {
  const { log } = options;
  const now = options.now ?? Date.now;
  const exit = options.exit ?? ((code: number) => Deno.exit(code));
  const listen = options.listen ?? ((handler: () => void) => {
    Deno.addSignalListener("SIGINT", handler);
    Deno.addSignalListener("SIGTERM", handler);
  });
  return new Promise((resolve) => {
    let seen: number | undefined;
    listen(() => {
      const at = now();
      if (seen !== undefined && at - seen < 1_000) return;
      if (seen !== undefined) {
        log.warn("second signal: exiting now");
        exit(FORCED_EXIT_CODE);
        return;
      }
      seen = at;
      log.info("shutdown requested: draining");
      resolve(0);
    });
  });
}

/**
 * Runs `stop` and resolves `true` when it finished within `ms`, `false` when
 * the bound passed first (the stop keeps running; the caller exits anyway).
 * A stop that throws rejects, as it would unbounded.
 *
 * @example
 * ```ts
 * await stopWithin(() => Promise.resolve(), 1_000); // true
 * await stopWithin(() => new Promise(() => {}), 10); // false
 * ```
 */
export async function stopWithin(stop: () => Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const overran = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([stop().then(() => true as const), overran]);
  } finally {
    clearTimeout(timer);
  }
}
