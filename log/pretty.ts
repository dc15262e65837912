import { getTextFormatter, type TextFormatter } from "@logtape/logtape";

/**
 * The readable console format (`LOG_FORMAT=pretty`, the default): LogTape's
 * text line, then what JSON lines carry as context and the text would lose:
 * the actor, when neither the category (`ct·analyzer`) nor the message names
 * it already (a worker's bus or store lines, `ct·bus`), and the request id of
 * an API request's lines. The message quotes everything else that matters.
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
      let line = `${timestamp} [${level}] ${category}: ${message}`;
      const { actor, requestId } = record.properties;
      if (
        typeof actor === "string" && !record.category.includes(actor) && !message.includes(actor)
      ) {
        line += ` [actor ${actor}]`;
      }
      if (typeof requestId === "string") line += ` [req ${requestId}]`;
      return line;
    },
  });
}
