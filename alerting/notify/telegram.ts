/**
 * Telegram notifications through grammY's `Api`: HTML parse mode, link
 * previews off, split over Telegram's 4096-character limit.
 *
 * Delivery is at least once: when a later part fails after earlier parts
 * went out, the retry sends every part again (the Bot API has no idempotency
 * key), so a long notification can arrive partly twice.
 *
 * @module
 */
// grammY's web build calls Deno's own `fetch`; its Node build brings
// node-fetch 2, whose `punycode` import prints a deprecation warning on
// every start. Error classes must come from the same build as `Api`.
import { Api, GrammyError, HttpError } from "grammy/web";
import { RetryableError } from "../../lib/errors.ts";
import type { OutboxRecord } from "../model.ts";
import { abortError, errorDetail, PermanentDeliveryError } from "./errors.ts";
import type { Notifier } from "./notifier.ts";
import { renderHtml } from "./render.ts";
import { splitMessage } from "./split.ts";

/** Options of {@linkcode createTelegramNotifier}. */
export interface TelegramNotifierOptions {
  /** The bot token from BotFather. */
  token: string;
  /** Bot API server root, without trailing slash. Default `https://api.telegram.org`. */
  apiRoot?: string;
  /** Limit per API call. Default 10 000 ms. */
  timeoutMs?: number;
}

/** Telegram's limit on one message's text. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/**
 * Maps a failed Bot API call to the outbox's error classes: 429 is retryable
 * after `parameters.retry_after` seconds, 5xx and network failures are
 * retryable, any other API error (400 chat not found, 403 bot blocked,
 * 401 bad token) is permanent.
 *
 * @example
 * ```ts
 * try {
 *   await api.sendMessage(chat, text);
 * } catch (e) {
 *   throw telegramDeliveryError(e, chat);
 * }
 * ```
 */
export function telegramDeliveryError(
  error: unknown,
  chat: string,
): RetryableError | PermanentDeliveryError {
  const what = `telegram sendMessage to chat ${chat}`;
  if (error instanceof GrammyError) {
    const message = `${what} failed with ${error.error_code}: ${error.description}`;
    const retryAfter = error.parameters.retry_after;
    if (error.error_code === 429 || error.error_code >= 500) {
      return new RetryableError(message, {
        cause: error,
        retryAfterMs: retryAfter === undefined ? undefined : retryAfter * 1000,
      });
    }
    const migrated = error.parameters.migrate_to_chat_id;
    return new PermanentDeliveryError(
      migrated === undefined ? message : `${message}; the chat is now ${migrated}`,
      { cause: error, status: error.error_code },
    );
  }
  // grammY keeps the fetch failure in `error`, not in `cause`.
  const detail = error instanceof HttpError
    ? `${error.message} ${errorDetail(error.error)}`
    : errorDetail(error);
  return new RetryableError(`${what} failed: ${detail}`, { cause: error });
}

/** The same error with the bot token blanked out of its message, wherever the peer put it. */
function withoutToken<E extends Error>(error: E, token: string): E {
  if (token && error.message.includes(token)) {
    Object.defineProperty(error, "message", { value: error.message.replaceAll(token, "<token>") });
  }
  return error;
}

/**
 * grammY's Node build types its signal as the `abort-controller` polyfill's;
 * at run time it only needs `addEventListener`, which Deno's has.
 */
type GrammySignal = Parameters<Api["sendMessage"]>[3];

/**
 * Deno's fetch only takes Deno's own AbortSignal; grammY hands over its
 * polyfilled one, so forward its abort to a native controller.
 */
const nativeFetch: typeof fetch = (input, init) => {
  const controller = new AbortController();
  const signal = init?.signal;
  if (signal?.aborted) controller.abort();
  signal?.addEventListener("abort", () => controller.abort(), { once: true });
  return fetch(input, { ...init, signal: controller.signal });
};

/**
 * A notifier that sends `renderHtml(record.data)` to the chat `record.target`
 * (a numeric chat id or `@channelname`), in parts when it is too long.
 *
 * @example
 * ```ts
 * const telegram = createTelegramNotifier({ token: Deno.env.get("TELEGRAM_BOT_TOKEN")! });
 * await telegram.send(record, signal);
 * ```
 */
export function createTelegramNotifier(options: TelegramNotifierOptions): Notifier {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const api = new Api(options.token, {
    apiRoot: options.apiRoot?.replace(/\/+$/, ""),
    // Our own per-call signal times out first; grammY's timer is only a backstop.
    timeoutSeconds: Math.ceil(timeoutMs / 1000) + 5,
    fetch: nativeFetch,
  });
  return {
    channel: "telegram",
    async send(record: OutboxRecord, signal: AbortSignal): Promise<void> {
      const chat = record.target;
      for (const part of splitMessage(renderHtml(record.data), TELEGRAM_MESSAGE_LIMIT)) {
        const timeout = AbortSignal.timeout(timeoutMs);
        try {
          await api.sendMessage(chat, part, {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
          }, AbortSignal.any([signal, timeout]) as unknown as GrammySignal);
        } catch (error) {
          throw withoutToken(
            abortError(`telegram sendMessage to chat ${chat}`, signal, timeoutMs, timeout) ??
              telegramDeliveryError(error, chat),
            options.token,
          );
        }
      }
    },
  };
}
