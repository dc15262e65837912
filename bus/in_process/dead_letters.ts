/**
 * The in-process broker's dead letters: the latest kept in memory for
 * inspection, each also handed to a hook (to log it, count it).
 *
 * @module
 */
import type { DeadLetter } from "../types.ts";
import type { BrokerEntry } from "./mailbox.ts";

/**
 * The most recent dead letters, up to `limit`, oldest dropped first.
 *
 * @example
 * ```ts
 * const log = new DeadLetterLog(2, (letter) => console.warn(letter.error));
 * const entry = { id: "a", topic: "candle", message: {}, attempt: 3, at: 0, weight: 1 };
 * log.record(entry, "analyzer", "handler failed", Date.now());
 * log.recent(10).length; // 1
 * ```
 */
export class DeadLetterLog {
  readonly #letters: DeadLetter[] = [];

  constructor(
    readonly limit: number,
    readonly onDeadLetter?: (letter: DeadLetter) => void,
  ) {}

  /** Records `entry` as given up by `group` at `at`, with `attempt` as its deliveries made. */
  record(entry: BrokerEntry, group: string, error: string, at: number): void {
    const letter: DeadLetter = {
      message: entry.message,
      topic: entry.topic,
      group,
      error,
      attempts: entry.attempt,
      at,
    };
    this.#letters.push(letter);
    if (this.#letters.length > this.limit) this.#letters.shift();
    this.onDeadLetter?.(letter);
  }

  /** The most recent dead letters, newest last. */
  recent(limit: number): DeadLetter[] {
    return this.#letters.slice(-limit);
  }
}
