/**
 * Hiding secrets in outbox rows before the API shows them: webhook URLs may
 * carry credentials or a token in the query string, and an error message
 * may quote a URL (a Telegram Bot API URL holds the bot token).
 *
 * @module
 */

const MASK = "***";
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/gi;
// A Telegram bot token: `<bot id>:<35 characters>`, also inside `/bot<token>/`.
const BOT_TOKEN = /\b(bot)?\d{5,}:[A-Za-z0-9_-]{20,}/g;

/**
 * A URL with its credentials (the password, or a username alone, which is
 * then usually a token) and its query string replaced by `***`. Anything
 * that is not a URL (a chat id, e-mail addresses) is returned unchanged.
 *
 * @example
 * ```ts
 * maskUrl("https://u:pw@hooks.example/x?token=abc"); // "https://u:***@hooks.example/x?***"
 * maskUrl("-1001234"); // "-1001234"
 * ```
 */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return value;
  if (url.password) url.password = MASK;
  else if (url.username) url.username = MASK;
  const query = url.search ? `?${MASK}` : "";
  url.search = "";
  url.hash = "";
  return maskBotTokens(url.toString()) + query;
}

/**
 * A text (an error message) with every URL in it masked as by
 * {@linkcode maskUrl} and Telegram bot tokens replaced.
 *
 * @example
 * ```ts
 * maskText("POST https://h.example/a?key=1 failed"); // "POST https://h.example/a?*** failed"
 * ```
 */
export function maskText(text: string): string {
  return maskBotTokens(text.replace(URL_IN_TEXT, (url) => maskUrl(url)));
}

function maskBotTokens(text: string): string {
  return text.replace(BOT_TOKEN, (_token, bot: string | undefined) => `${bot ?? ""}${MASK}`);
}
