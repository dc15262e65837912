/**
 * Logging setup on LogTape. Library code only calls `getLogger([...])`; the
 * process entry (main thread, each worker, each child process) configures
 * where lines go, once.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getTextFormatter, type LogLevel } from "@logtape/logtape";
import { bufferedLineSink } from "./buffered_sink.ts";
import { jsonLinesFormatter } from "./json_lines.ts";

export { getLogger, type Logger } from "@logtape/logtape";
export { bufferedLineSink, type BufferedSink, type BufferedSinkOptions } from "./buffered_sink.ts";
export { immediateSink } from "./immediate.ts";
export { jsonLinesFormatter } from "./json_lines.ts";

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
  const out = options.stream === "stderr" ? Deno.stderr : Deno.stdout;
  const sink = bufferedLineSink({ write: (bytes) => out.writeSync(bytes), formatter });
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
