/**
 * Logging setup on LogTape. Library code only calls `getLogger([...])`; the
 * process entry (main thread, each worker, each child process) configures
 * where lines go, once.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import {
  configure,
  getConsoleSink,
  getStreamSink,
  getTextFormatter,
  type LogLevel,
  type Sink,
} from "@logtape/logtape";

import { jsonLinesFormatter } from "./json_lines.ts";

export { getLogger, type Logger } from "@logtape/logtape";
export { jsonLinesFormatter } from "./json_lines.ts";

/**
 * LogTape's mark (a registered symbol, read by its dispatcher) of a sink
 * that is done with a record when it returns. Unmarked sinks get a copy of
 * every record's properties first, in case they keep the record for later;
 * for a sink that formats at once that copy is wasted (~8 % of a `/health`
 * request, measured).
 */
const IMMEDIATE_SINK = Symbol.for("LogTape.sinkSnapshotPolicy.immediate");

/**
 * Marks `sink` as formatting each record before it returns, so LogTape
 * hands it records without first copying their properties. Only for sinks
 * that neither keep records nor read them after returning.
 *
 * @example
 * ```ts
 * const formatter = jsonLinesFormatter();
 * const lines: string[] = [];
 * const sink = immediateSink((record) => lines.push(formatter(record)));
 * ```
 */
export function immediateSink(sink: Sink): Sink {
  Object.defineProperty(sink, IMMEDIATE_SINK, { value: true });
  return sink;
}

/** Options of {@linkcode setupLogging}. */
export interface LoggingOptions {
  level: LogLevel;
  /** `pretty`: readable lines; `json`: one JSON object a line (for Loki). */
  format: "pretty" | "json";
  /**
   * Where lines go. A child process whose stdout carries frames logs to
   * stderr; everything else to the console (stdout).
   */
  stream?: "stdout" | "stderr";
}

/**
 * Configures LogTape for this thread. Every line carries its category
 * (`ct·<actor>·…`) and, in JSON, the contextual properties (`actor`,
 * `requestId`).
 *
 * @example
 * ```ts
 * await setupLogging({ level: "info", format: "json" });
 * ```
 */
export async function setupLogging(options: LoggingOptions): Promise<void> {
  const formatter = options.format === "json"
    ? jsonLinesFormatter()
    : getTextFormatter({ timestamp: "date-time-tz" });
  const sink: Sink = options.stream === "stderr"
    ? getStreamSink(Deno.stderr.writable, { formatter })
    : immediateSink(getConsoleSink({ formatter: (record) => formatter(record).trimEnd() }));
  await configure({
    reset: true,
    sinks: { main: sink },
    contextLocalStorage: new AsyncLocalStorage(),
    loggers: [
      { category: ["ct"], sinks: ["main"], lowestLevel: options.level },
      { category: ["logtape", "meta"], sinks: ["main"], lowestLevel: "warning" },
    ],
  });
}
