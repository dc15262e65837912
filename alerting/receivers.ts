/**
 * Receivers: named sets of channel targets that routes send to. A receiver
 * names the channels it wants; addresses it leaves out come from the
 * process-wide channel settings (`TELEGRAM_CHAT_IDS`, `ALERT_EMAIL_TO`,
 * `ALERT_WEBHOOK_URL`), and a channel without credentials is skipped, so the
 * default receiver simply uses whatever is configured.
 *
 * @module
 */
import { z } from "zod";
import { urlWithScheme } from "../lib/url_schema.ts";
import type { Channel } from "./model.ts";

const httpUrl = urlWithScheme(["http:", "https:"]);

/** Schema of one receiver. */
export const receiverConfigSchema = z.object({
  name: z.string().min(1),
  telegram: z.object({ chatIds: z.array(z.string().min(1)).min(1).optional() }).strict()
    .optional(),
  email: z.object({ to: z.array(z.email()).min(1).optional() }).strict().optional(),
  webhook: z.object({ url: httpUrl.optional() }).strict().optional(),
  /** Also notify when a group's alerts resolve. */
  sendResolved: z.boolean().default(true),
}).strict();
/** One receiver, as configured. */
export type ReceiverConfig = z.infer<typeof receiverConfigSchema>;

/** The receiver used when none is configured: every configured channel. */
export const DEFAULT_RECEIVERS: readonly ReceiverConfig[] = [
  { name: "default", telegram: {}, email: {}, webhook: {}, sendResolved: true },
];

/** Process-wide channel settings (the `alerts` config section's channel keys). */
export interface ChannelSettings {
  telegramBotToken?: string;
  telegramChatIds: readonly string[];
  smtpUrl?: string;
  emailTo: readonly string[];
  webhookUrl?: string;
}

/**
 * One address a notification goes to.
 *
 * @example
 * ```ts
 * const t: ChannelTarget = { channel: "telegram", target: "-100123" };
 * ```
 */
export interface ChannelTarget {
  channel: Channel;
  /** A chat id, a comma-separated recipient list, or a URL. */
  target: string;
}

/**
 * The addresses a receiver sends to under the given channel settings.
 *
 * @example
 * ```ts
 * channelTargets(DEFAULT_RECEIVERS[0]!, {
 *   telegramBotToken: "123:abc", telegramChatIds: ["1", "2"], emailTo: [],
 * }); // [{ channel: "telegram", target: "1" }, { channel: "telegram", target: "2" }]
 * ```
 */
export function channelTargets(
  receiver: ReceiverConfig,
  channels: ChannelSettings,
): ChannelTarget[] {
  const targets: ChannelTarget[] = [];
  if (receiver.telegram && channels.telegramBotToken) {
    for (const chat of receiver.telegram.chatIds ?? channels.telegramChatIds) {
      targets.push({ channel: "telegram", target: chat });
    }
  }
  const to = receiver.email?.to ?? channels.emailTo;
  if (receiver.email && channels.smtpUrl && to.length > 0) {
    targets.push({ channel: "email", target: to.join(",") });
  }
  const url = receiver.webhook?.url ?? channels.webhookUrl;
  if (receiver.webhook && url) targets.push({ channel: "webhook", target: url });
  return targets;
}
