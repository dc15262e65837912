/**
 * The heart (after Erlang's `heart`): runs the whole system in a child
 * process and starts it again when it ends with a failure. A Web Worker
 * stuck in a busy loop cannot be stopped from its own process (its thread
 * keeps a core until the process exits), so the system exits on a leaked
 * thread when it runs under a heart, and the heart gives it a fresh
 * process: the hung actor is reclaimed for real without a container or
 * systemd around it.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";

/** How the system process ended: `Deno.CommandStatus`'s fields the heart reads. */
export interface ExitStatus {
  code: number;
  signal: Deno.Signal | null;
}

/** The system process as the heart sees it. */
export interface HeartChild {
  readonly pid: number;
  readonly status: Promise<ExitStatus>;
  kill(signal: Deno.Signal): void;
}

/** Options of {@linkcode Heart}. */
export interface HeartOptions {
  /** Starts the system process (`Deno.Command(...).spawn()`). */
  spawn: () => HeartChild;
  log: Logger;
  /** First wait before a restart, ms; doubles per failure in a row. Default 1 000. */
  initialBackoffMs?: number;
  /** Longest wait before a restart, ms. Default 60 000. */
  maxBackoffMs?: number;
  /** A run at least this long starts the backoff over, ms. Default 60 000. */
  stableMs?: number;
  /** Monotonic ms. Default `performance.now`. */
  clock?: () => number;
}

/**
 * Exit codes that a restart cannot fix: 0 (a clean stop), 2 (invalid
 * configuration) and the sysexits range 64–78 (e.g. 78, an exchange that
 * rejects the API key). Everything else — 1 (an escalation, a leaked
 * thread, a failed start such as storage down), a death by signal (an OOM
 * kill) — is a failure worth another process.
 *
 * @example
 * ```ts
 * isFinalExit({ code: 1, signal: null }); // false: restart
 * isFinalExit({ code: 2, signal: null }); // true
 * ```
 */
export function isFinalExit(status: ExitStatus): boolean {
  if (status.signal !== null) return false;
  return status.code === 0 || status.code === 2 || (status.code >= 64 && status.code <= 78);
}

/**
 * Runs the system process until it ends for good.
 *
 * @example
 * ```ts ignore
 * const heart = new Heart({ spawn: () => command.spawn(), log });
 * Deno.addSignalListener("SIGTERM", () => heart.stop("SIGTERM"));
 * Deno.exit(await heart.run());
 * ```
 */
export class Heart {
  readonly #o: Required<Omit<HeartOptions, "spawn" | "log">> & Pick<HeartOptions, "spawn" | "log">;
  #child: HeartChild | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #starts = 0;

  constructor(options: HeartOptions) {
    this.#o = {
      initialBackoffMs: 1_000,
      maxBackoffMs: 60_000,
      stableMs: 60_000,
      clock: () => performance.now(),
      ...options,
    };
  }

  /** System processes started so far. */
  get starts(): number {
    return this.#starts;
  }

  /**
   * Starts the system and starts it again after each failure, waiting
   * longer each time it fails soon after its start. Resolves with the exit
   * code the heart should end with: the system's last.
   */
  async run(): Promise<number> {
    const { log, clock } = this.#o;
    let backoff = this.#o.initialBackoffMs;
    for (;;) {
      const startedAt = clock();
      this.#child = this.#o.spawn();
      this.#starts++;
      log.info("the system runs in process {pid}", { pid: this.#child.pid });
      const status = await this.#child.status;
      this.#child = undefined;
      const code = status.signal === null ? status.code : 128 + signalNumber(status.signal);
      if (this.#stopping || isFinalExit(status)) return code;
      if (clock() - startedAt >= this.#o.stableMs) backoff = this.#o.initialBackoffMs;
      log.error("the system exited with {how}; starting it again in {seconds} s", {
        how: status.signal === null ? `code ${status.code}` : `signal ${status.signal}`,
        seconds: backoff / 1000,
      });
      await this.#pause(backoff);
      if (this.#stopping) return code;
      backoff = Math.min(backoff * 2, this.#o.maxBackoffMs);
    }
  }

  /**
   * Passes `signal` on to the system (a graceful stop) and starts no other;
   * during a pause between two runs, ends the pause.
   */
  stop(signal: Deno.Signal): void {
    this.#stopping = true;
    try {
      this.#child?.kill(signal);
    } catch {
      // It has just exited (a second Ctrl-C as it stops): `run` sees its status.
    }
    this.#wake?.();
  }

  async #pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
  }
}

const SIGNAL_NUMBERS: Partial<Record<Deno.Signal, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGTERM: 15,
};

/** A shell's `128 + n` for a death by signal; 0 for a signal not listed. */
function signalNumber(signal: Deno.Signal): number {
  return SIGNAL_NUMBERS[signal] ?? 0;
}
