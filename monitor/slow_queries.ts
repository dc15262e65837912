/**
 * The slow-query log: every store operation slower than a threshold is
 * logged with its duration and kept in a short list for inspection.
 *
 * @module
 */
import { getLogger, type Logger } from "@logtape/logtape";
import type { QueryHook, StoreOperation } from "../store/types.ts";

/** One slow operation. */
export interface SlowQuery {
  operation: StoreOperation;
  seconds: number;
  /** Epoch ms when it was reported. */
  at: number;
}

/** Options of {@linkcode SlowQueryLog}. */
export interface SlowQueryLogOptions {
  /** Operations taking at least this long are slow. Default 0.5 s. */
  thresholdSeconds?: number;
  /** Slow queries kept for {@linkcode SlowQueryLog.recent}. Default 100. */
  keep?: number;
  /** Also told of every slow query (the metrics counter). */
  onSlow?: (query: SlowQuery) => void;
  /** Default `getLogger(["ct", "monitor", "db"])`. */
  logger?: Logger;
  /** Default `Date.now`. */
  now?: () => number;
}

/**
 * Watches store operations through the store's `onQuery` hook.
 *
 * @example
 * ```ts
 * const slow = new SlowQueryLog({ thresholdSeconds: 0.25 });
 * slow.hook("candles.range", 0.4); // logged as slow
 * slow.count; // 1
 * ```
 */
export class SlowQueryLog {
  readonly thresholdSeconds: number;
  readonly #keep: number;
  readonly #recent: SlowQuery[] = [];
  readonly #o: SlowQueryLogOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  #count = 0;

  constructor(options: SlowQueryLogOptions = {}) {
    this.#o = options;
    this.thresholdSeconds = options.thresholdSeconds ?? 0.5;
    if (!(this.thresholdSeconds >= 0)) {
      throw new RangeError(
        `SlowQueryLog: thresholdSeconds must be >= 0, received ${options.thresholdSeconds}`,
      );
    }
    this.#keep = options.keep ?? 100;
    this.#log = options.logger ?? getLogger(["ct", "monitor", "db"]);
    this.#now = options.now ?? Date.now;
  }

  /** Slow queries seen so far. */
  get count(): number {
    return this.#count;
  }

  /** The most recent slow queries, oldest first. */
  recent(): SlowQuery[] {
    return [...this.#recent];
  }

  /** The store's `onQuery` hook. */
  readonly hook: QueryHook = (operation, seconds) => {
    if (seconds < this.thresholdSeconds) return;
    const query = { operation, seconds, at: this.#now() };
    this.#count++;
    this.#recent.push(query);
    if (this.#recent.length > this.#keep) this.#recent.shift();
    this.#log.warn("slow query {operation}: {ms} ms (threshold {thresholdMs} ms)", {
      operation,
      ms: Math.round(seconds * 1000),
      thresholdMs: Math.round(this.thresholdSeconds * 1000),
    });
    this.#o.onSlow?.(query);
  };
}
