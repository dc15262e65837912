/**
 * Builds one notifier per channel the configuration enables.
 *
 * @module
 */
import type { AlertingConfig } from "./config.ts";
import type { Channel } from "./model.ts";
import {
  createEmailNotifier,
  createTelegramNotifier,
  createWebhookNotifier,
  type Notifier,
} from "./notify/mod.ts";

/** The configured notifiers and how to release them. */
export interface Notifiers {
  byChannel: Partial<Record<Channel, Notifier>>;
  close(): Promise<void>;
}

/**
 * Notifiers for every channel with credentials: Telegram with a bot token,
 * e-mail with an SMTP URL, webhooks always (a receiver may name its own URL).
 *
 * @example
 * ```ts ignore
 * const notifiers = createNotifiers(config.alerts);
 * const sender = new OutboxSender({ notifiers: notifiers.byChannel, ... });
 * await notifiers.close();
 * ```
 */
export function createNotifiers(config: AlertingConfig): Notifiers {
  const timeoutMs = config.outbox.timeoutMs;
  const byChannel: Partial<Record<Channel, Notifier>> = {
    webhook: createWebhookNotifier({ secret: config.webhookSecret, timeoutMs }),
  };
  if (config.telegramBotToken) {
    byChannel.telegram = createTelegramNotifier({
      token: config.telegramBotToken,
      apiRoot: config.telegramApiRoot,
      timeoutMs,
    });
  }
  const email = config.smtpUrl
    ? createEmailNotifier({ smtpUrl: config.smtpUrl, from: config.emailFrom, timeoutMs })
    : undefined;
  if (email) byChannel.email = email;
  return { byChannel, close: async () => await email?.close() };
}
