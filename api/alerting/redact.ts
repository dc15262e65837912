/**
 * Hiding secrets in outbox rows before the API shows them: webhook URLs may
 * carry credentials or a token in the path or query string, and an error
 * message may quote a URL (a Telegram Bot API URL holds the bot token).
 *
 * @module
 */
import { redactUrl } from "../../lib/redact_url.ts";

const MASK = "***";
const HTTP_URL = /^https?:\/\//i;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/gi;
// A Telegram bot token: `<bot id>:<35 characters>`, also inside `/bot<token>/`.
const BOT_TOKEN = /\b(bot)?\d{5,}:[A-Za-z0-9_-]{20,}/g;

/**
 * An outbox target as shown: an http(s) URL redacted by
 * {@linkcode redactUrl} (scheme, host and port kept); anything else (a chat
 * id, e-mail addresses) is returned unchanged.
 *
 * @example
 * ```ts
 * maskUrl("https://u:pw@hooks.example/x?token=abc"); // "https://u:***@hooks.example/***?***"
 * maskUrl("-1001234"); // "-1001234"
 * ```
 */
export function maskUrl(value: string): string {
  return HTTP_URL.test(value) ? redactUrl(value) : value;
}

/**
 * A text (an error message) with every URL in it masked as by
 * {@linkcode maskUrl} and Telegram bot tokens replaced.
 *
 * @example
 * ```ts
 * maskText("POST https://h.example/a?key=1 failed"); // "POST https://h.example/***?*** failed"
 * ```
 */
export function maskText(text: string): string {
  return maskBotTokens(text.replace(URL_IN_TEXT, (url) => maskUrl(url)));
}

function maskBotTokens(text: string): string {
  return text.replace(BOT_TOKEN, (_token, bot: string | undefined) => `${bot ?? ""}${MASK}`);
}
