/**
 * Capturing LogTape records in tests: configure a buffer sink for one
 * category, read what was logged, reset LogTape when done.
 *
 * @module
 */
import {
  configure,
  type ContextLocalStorage,
  type LogLevel,
  type LogRecord,
  reset,
} from "@logtape/logtape";

/** Records captured so far; disposing resets LogTape. */
export interface LogCapture extends AsyncDisposable {
  readonly records: LogRecord[];
}

/** Options of {@linkcode captureLogs}. */
export interface CaptureOptions {
  /** LogTape's implicit-context store (`withContext`); default none. */
  contextLocalStorage?: ContextLocalStorage<Record<string, unknown>>;
}

/**
 * Configures LogTape (replacing any configuration) to keep every record of
 * `category` at or above `lowestLevel` in memory.
 *
 * @example
 * ```ts ignore
 * await using logs = await captureLogs(["ct", "test"]);
 * getLogger(["ct", "test"]).info("hello");
 * logs.records.length; // 1
 * ```
 */
export async function captureLogs(
  category: readonly string[],
  lowestLevel: LogLevel = "debug",
  options: CaptureOptions = {},
): Promise<LogCapture> {
  const records: LogRecord[] = [];
  await configure({
    reset: true,
    contextLocalStorage: options.contextLocalStorage,
    sinks: { buffer: (r) => records.push(r) },
    loggers: [
      { category: [...category], sinks: ["buffer"], lowestLevel },
      { category: ["logtape", "meta"], sinks: [], lowestLevel: "warning" },
    ],
  });
  return { records, [Symbol.asyncDispose]: () => reset() };
}
