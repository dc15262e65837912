/**
 * Logging setup on LogTape. Library code only calls `getLogger([...])`; the
 * process entry (main thread, each worker, each child process) configures
 * where lines go, once.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { configure, type ContextLocalStorage, type LogLevel } from "@logtape/logtape";
import { bufferedLineSink } from "./buffered_sink.ts";
import { jsonLinesFormatter } from "./json_lines.ts";
import { prettyFormatter } from "./pretty.ts";

export { getLogger, type Logger } from "@logtape/logtape";
export { bufferedLineSink, type BufferedSink, type BufferedSinkOptions } from "./buffered_sink.ts";
export { immediateSink } from "./immediate.ts";
export { jsonLinesFormatter } from "./json_lines.ts";
export { prettyFormatter } from "./pretty.ts";

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
  /**
   * Properties every line of this thread carries, whatever logger wrote it
   * (an actor's worker or process passes `{ actor }`). A property of the
   * line itself, or of a `withContext`, takes precedence.
   */
  context?: Readonly<Record<string, unknown>>;
}

/**
 * Configures LogTape for this thread. Every line carries its category
 * (`ct·<actor>·…`) and, in JSON, the contextual properties (`actor`,
 * `requestId`); a pretty line ends with them where its text does not say
 * them already (`log/pretty.ts`).
 *
 * @example
 * ```ts
 * await setupLogging({ level: "info", format: "json" });
 * // In an actor's worker: every line, e.g. a `["ct", "bus"]` one, has `"actor":"analyzer"`.
 * await setupLogging({ level: "info", format: "json", context: { actor: "analyzer" } });
 * ```
 */
export async function setupLogging(options: LoggingOptions): Promise<void> {
  const formatter = options.format === "json" ? jsonLinesFormatter() : prettyFormatter();
  const out = options.stream === "stderr" ? Deno.stderr : Deno.stdout;
  const sink = bufferedLineSink({ write: (bytes) => out.writeSync(bytes), formatter });
  await configure({
    reset: true,
    sinks: { main: sink },
    contextLocalStorage: contextStorage(options.context),
    loggers: [
      { category: ["ct"], sinks: ["main"], lowestLevel: options.level },
      { category: ["logtape", "meta"], sinks: ["main"], lowestLevel: "warning" },
    ],
  });
}

/**
 * LogTape's implicit contexts with `base` under them. It is the thread's
 * context rather than a `withContext` around the entry, because work that
 * starts from a message event (a bus delivery, a timer set before) runs
 * outside any context entered earlier, and a logger bound with `.with()` is
 * one that the next module can forget to pass.
 */
function contextStorage(
  base: Readonly<Record<string, unknown>> | undefined,
): ContextLocalStorage<Record<string, unknown>> {
  const storage = new AsyncLocalStorage<Record<string, unknown>>();
  if (!base) return storage;
  return {
    // `withContext` builds on `getStore()`, so nested contexts keep `base`.
    run: (store, callback) => storage.run(store, callback),
    getStore: () => storage.getStore() ?? base,
  };
}
