/**
 * Notifiers: render a stored notification and deliver it on one channel
 * (Telegram, e-mail, webhook), reporting failures as retryable or permanent
 * for the outbox.
 *
 * @example
 * ```ts
 * import { createTelegramNotifier, createWebhookNotifier, type Notifier } from "./alerting/notify/mod.ts";
 * const notifiers: Partial<Record<Channel, Notifier>> = {
 *   telegram: createTelegramNotifier({ token }),
 *   webhook: createWebhookNotifier({ secret }),
 * };
 * ```
 *
 * @module
 */
export type { Notifier } from "./notifier.ts";
export {
  abortError,
  errorDetail,
  httpStatusError,
  parseRetryAfter,
  PermanentDeliveryError,
  smtpDeliveryError,
} from "./errors.ts";
export {
  alertsLink,
  escapeHtml,
  renderEmailHtml,
  renderHtml,
  renderSubject,
  renderText,
  sortAlerts,
} from "./render.ts";
export { splitMessage } from "./split.ts";
export {
  createTelegramNotifier,
  TELEGRAM_MESSAGE_LIMIT,
  telegramDeliveryError,
  type TelegramNotifierOptions,
} from "./telegram.ts";
export {
  createEmailNotifier,
  type EmailNotifier,
  type EmailNotifierOptions,
  parseRecipients,
} from "./email.ts";
export {
  createWebhookNotifier,
  sign,
  verifySignature,
  webhookBody,
  type WebhookNotifierOptions,
} from "./webhook.ts";
