import { getTextFormatter, type TextFormatter } from "@logtape/logtape";

/**
 * The readable console format (`LOG_FORMAT=pretty`, the default): LogTape's
 * text line, and the request id at its end when the line belongs to an API
 * request, so every line of one request can be found without JSON logs.
 * Other properties stay out of it: the message already quotes what matters.
 *
 * @example
 * ```ts
 * const format = prettyFormatter();
 * format({
 *   category: ["ct", "api", "access"], level: "info", timestamp: 0,
 *   message: ["GET /health 200 0.4ms"], rawMessage: "…",
 *   properties: { requestId: "4f1c" },
 * }); // "1970-01-01 00:00:00.000 +00 [INF] ct·api·access: GET /health 200 0.4ms [req 4f1c]\n"
 * ```
 */
export function prettyFormatter(): TextFormatter {
  return getTextFormatter({
    timestamp: "date-time-tz",
    format: ({ timestamp, level, category, message, record }) => {
      const line = `${timestamp} [${level}] ${category}: ${message}`;
      const id = record.properties.requestId;
      return typeof id === "string" ? `${line} [req ${id}]` : line;
    },
  });
}
