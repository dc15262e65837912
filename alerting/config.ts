/**
 * The `alerts` section of the configuration: channels, receivers, the routing
 * tree, inhibition rules, rule thresholds and outbox delivery settings.
 *
 * @module
 */
import { z } from "zod";
import { urlWithScheme } from "../lib/url_schema.ts";
import {
  DEFAULT_INHIBIT_RULES,
  inhibitRuleConfigSchema,
  rootRouteConfigSchema,
} from "./dispatch/config.ts";
import { DEFAULT_RECEIVERS, receiverConfigSchema } from "./receivers.ts";
import { ruleSettingsSchema } from "./rules/config.ts";

/** How the outbox delivers. */
export const outboxConfigSchema = z.object({
  /** Attempts per (notification, target) before it is dead-lettered. */
  maxAttempts: z.number().int().positive().default(10),
  backoffInitialMs: z.number().int().positive().default(1_000),
  backoffMaxMs: z.number().int().positive().default(600_000),
  /** Per-send timeout of every channel. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Sends per minute to each target of a channel (a chat, a recipient list, a webhook URL); Telegram allows about 20 a minute into one group. */
  ratePerMinute: z.object({
    telegram: z.number().positive().default(20),
    email: z.number().positive().default(30),
    webhook: z.number().positive().default(120),
  }).strict().prefault({}),
}).strict();

/** Schema of the `alerts` configuration section. */
export const alertingConfigSchema = z.object({
  telegramBotToken: z.string().optional(),
  telegramChatIds: z.array(z.string()).default([]),
  /** Bot API server root: a local Bot API server, or a test double. */
  telegramApiRoot: urlWithScheme(["http:", "https:"]).default("https://api.telegram.org"),
  smtpUrl: urlWithScheme(["smtp:", "smtps:"]).optional(),
  emailTo: z.array(z.email()).default([]),
  emailFrom: z.string().min(3).default("Crypto-Trade <alerts@localhost>"),
  webhookUrl: urlWithScheme(["http:", "https:"]).optional(),
  webhookSecret: z.string().optional(),
  /** Public base URL of the API/dashboard; messages link to it when set. */
  publicUrl: urlWithScheme(["http:", "https:"]).optional(),
  receivers: z.array(receiverConfigSchema).min(1).default(DEFAULT_RECEIVERS.map((r) => ({ ...r }))),
  route: rootRouteConfigSchema.prefault({}),
  inhibitRules: z.array(inhibitRuleConfigSchema).default(
    DEFAULT_INHIBIT_RULES.map((r) => ({ ...r })),
  ),
  rules: ruleSettingsSchema.prefault({}),
  outbox: outboxConfigSchema.prefault({}),
  /**
   * A firing alert nobody re-sent for this long is resolved (Alertmanager's
   * `resolve_timeout`); rules re-send firing alerts well within it.
   */
  resolveTimeoutMs: z.number().int().positive().default(300_000),
  /** Resolved alerts and delivered notifications older than this are deleted. */
  retentionDays: z.number().int().positive().default(30),
}).strict().superRefine((alerts, ctx) => {
  const names = new Set(alerts.receivers.map((r) => r.name));
  if (names.size !== alerts.receivers.length) {
    ctx.addIssue({ code: "custom", path: ["receivers"], message: "unique receiver names" });
  }
  const visit = (route: { receiver?: string; routes?: unknown[] }, path: (string | number)[]) => {
    if (route.receiver !== undefined && !names.has(route.receiver)) {
      ctx.addIssue({
        code: "custom",
        path: [...path, "receiver"],
        message: `the name of a configured receiver (${[...names].join(", ")})`,
      });
    }
    (route.routes ?? []).forEach((child, i) =>
      visit(child as typeof route, [...path, "routes", i])
    );
  };
  visit(alerts.route, ["route"]);
});

/** The validated `alerts` configuration section. */
export type AlertingConfig = z.infer<typeof alertingConfigSchema>;
