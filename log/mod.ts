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
  getJsonLinesFormatter,
  getStreamSink,
  getTextFormatter,
  type LogLevel,
  type Sink,
} from "@logtape/logtape";

export { getLogger, type Logger } from "@logtape/logtape";

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
    ? getJsonLinesFormatter({ properties: "flatten", message: "rendered" })
    : getTextFormatter({ timestamp: "date-time-tz" });
  const sink: Sink = options.stream === "stderr"
    ? getStreamSink(Deno.stderr.writable, { formatter })
    : getConsoleSink({ formatter: (record) => formatter(record).trimEnd() });
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
