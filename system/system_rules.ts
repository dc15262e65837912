/**
 * The main thread's rule loop: evaluates the system and application rules
 * every `evaluationIntervalMs` and publishes what changed (and the firing
 * alerts due a resend) as `alert` messages for the alerter.
 *
 * @module
 */
import type { Logger } from "@logtape/logtape";
import type { Alert } from "../alerting/model.ts";
import { errorMessage } from "../lib/errors.ts";

/** Options of {@linkcode RuleLoop}. */
export interface RuleLoopOptions {
  /** One evaluation cycle at `now`: the alerts to publish (`SystemRules.evaluate`). */
  evaluate: (now: number) => Promise<Alert[]>;
  /** Publishes one alert (on the bus). A rejection is logged, never thrown. */
  publish: (alert: Alert, now: number) => Promise<void>;
  /** Time between the starts of two cycles, ms. */
  intervalMs: number;
  /**
   * Delay of the first cycle after `start()`, ms, so a fresh process reports
   * without waiting a whole interval. Default `min(1 000, intervalMs)`.
   */
  firstDelayMs?: number;
  /** Epoch-ms clock. Default `Date.now`. */
  now?: () => number;
  logger: Logger;
}

/**
 * Runs cycles one at a time on a timer. `stop()` ends the timer, waits for a
 * cycle in progress, then runs one last cycle: an actor that failed just
 * before the shutdown (the supervisor's escalation with `onEscalation:
 * "exit"`) is still announced while the bus is open.
 *
 * @example
 * ```ts ignore
 * const loop = new RuleLoop({ evaluate: (now) => obs.rules.evaluate(now),
 *   publish: (alert, now) => bus.publish(createMessage("alert", alert,
 *     { source: "rules", key: `alert:${alert.labels.alertname}`, now })),
 *   intervalMs: 15_000, logger });
 * loop.start();
 * // ...before the bus closes:
 * await loop.stop();
 * ```
 */
export class RuleLoop {
  readonly #o: RuleLoopOptions;
  readonly #now: () => number;
  #timer?: ReturnType<typeof setTimeout>;
  #running: Promise<void> = Promise.resolve();
  #state: "idle" | "started" | "stopped" = "idle";
  #cycles = 0;

  constructor(options: RuleLoopOptions) {
    if (!(options.intervalMs > 0)) {
      throw new RangeError(`RuleLoop: intervalMs must be > 0, received ${options.intervalMs}`);
    }
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** Cycles completed so far. */
  get cycles(): number {
    return this.#cycles;
  }

  /** Schedules the first cycle; a second call does nothing. */
  start(): void {
    if (this.#state !== "idle") return;
    this.#state = "started";
    this.#schedule(this.#o.firstDelayMs ?? Math.min(1_000, this.#o.intervalMs));
  }

  /** Ends the timer, waits for the cycle in progress, and runs the last one. */
  async stop(): Promise<void> {
    if (this.#state === "stopped") return await this.#running;
    const wasStarted = this.#state === "started";
    this.#state = "stopped";
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
    if (wasStarted) await this.cycle();
  }

  /**
   * One cycle now: evaluates and publishes, one alert after the other. A
   * failure is logged and the next cycle runs as planned.
   */
  cycle(): Promise<void> {
    const run = this.#running.then(() => this.#cycle());
    this.#running = run;
    return run;
  }

  async #cycle(): Promise<void> {
    try {
      await this.#evaluateAndPublish(this.#now());
    } finally {
      this.#cycles++;
    }
  }

  async #evaluateAndPublish(now: number): Promise<void> {
    const log = this.#o.logger;
    let alerts: Alert[];
    try {
      alerts = await this.#o.evaluate(now);
    } catch (e) {
      log.error("rule evaluation failed: {error}", { error: errorMessage(e) });
      return;
    }
    for (const alert of alerts) {
      try {
        await this.#o.publish(alert, now);
      } catch (e) {
        log.error("{alertname} ({state}) not published: {error}", {
          alertname: alert.labels.alertname,
          state: alert.state,
          error: errorMessage(e),
        });
      }
    }
  }

  #schedule(delayMs: number): void {
    this.#timer = setTimeout(async () => {
      const started = this.#now();
      await this.cycle();
      if (this.#state !== "started") return;
      // Cycles start every intervalMs; a slow one delays the next, never overlaps it.
      this.#schedule(Math.max(0, this.#o.intervalMs - (this.#now() - started)));
    }, delayMs);
  }
}
