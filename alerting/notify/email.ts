/**
 * E-mail notifications over SMTP with nodemailer: a plain-text and an HTML
 * part, Alertmanager-style subject, and the outbox id as both
 * `X-Idempotency-Key` and Message-ID, so a duplicate after a crash is
 * recognisable (and mail clients may merge it).
 *
 * @module
 */
import { createTransport } from "nodemailer";
import type { OutboxRecord } from "../model.ts";
import { abortError, PermanentDeliveryError, smtpDeliveryError } from "./errors.ts";
import type { Notifier } from "./notifier.ts";
import { renderEmailHtml, renderSubject, renderText } from "./render.ts";

/** Options of {@linkcode createEmailNotifier}. */
export interface EmailNotifierOptions {
  /** Connection URL, e.g. `smtps://user:pass@smtp.example.com:465` or `smtp://host:587`. */
  smtpUrl: string;
  /** Sender. Default the URL's user when it is an address, else `crypto-trade@localhost`. */
  from?: string;
  /** Limit per message: connecting, greeting, each socket wait and the whole send. Default 30 000 ms. */
  timeoutMs?: number;
}

/** An e-mail notifier; `close()` releases the transport. */
export interface EmailNotifier extends Notifier {
  close(): Promise<void>;
}

/** Loose on purpose: the SMTP server is the judge; this only catches what can never be an address. */
const ADDRESS = /^(?:[^<>]*<\s*[^\s@<>]+@[^\s@<>]+\s*>|[^\s@<>]+@[^\s@<>]+)$/;

/**
 * The recipients in a comma-separated target, or a permanent error naming
 * the first one that cannot be an address.
 *
 * @example
 * ```ts
 * parseRecipients("ops@example.com, Dev <dev@example.com>"); // ["ops@example.com", "Dev <dev@example.com>"]
 * ```
 */
export function parseRecipients(target: string): string[] {
  const recipients = target.split(",").map((r) => r.trim()).filter((r) => r !== "");
  if (recipients.length === 0) {
    throw new PermanentDeliveryError(
      `e-mail target has no recipients, received ${JSON.stringify(target)}`,
    );
  }
  const bad = recipients.find((r) => !ADDRESS.test(r));
  if (bad !== undefined) {
    throw new PermanentDeliveryError(
      `e-mail target holds an invalid address ${JSON.stringify(bad)} in ${JSON.stringify(target)}`,
    );
  }
  return recipients;
}

function defaultFrom(smtpUrl: string): string {
  try {
    const user = decodeURIComponent(new URL(smtpUrl).username);
    if (ADDRESS.test(user)) return user;
  } catch {
    // An unparsable URL fails in nodemailer with a clearer message.
  }
  return "crypto-trade@localhost";
}

/** A Message-ID from the idempotency key, in the sender's domain. */
function messageId(id: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "localhost";
  return `<alert-${id.replace(/[^A-Za-z0-9._-]/g, "-")}@${domain}>`;
}

/**
 * A notifier that mails the notification to the recipients in
 * `record.target` (comma-separated). SMTP 5xx replies and invalid addresses
 * are permanent; 4xx replies, connection failures and timeouts retryable.
 *
 * @example
 * ```ts
 * const email = createEmailNotifier({ smtpUrl: "smtp://user:pass@smtp.example.com:587" });
 * await email.send(record, signal);
 * await email.close();
 * ```
 */
export function createEmailNotifier(options: EmailNotifierOptions): EmailNotifier {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const from = options.from ?? defaultFrom(options.smtpUrl);
  const transport = createTransport({
    url: options.smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    channel: "email",
    async send(record: OutboxRecord, signal: AbortSignal): Promise<void> {
      const to = parseRecipients(record.target);
      const what = `e-mail to ${to.join(", ")}`;
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        await transport.sendMail({
          from,
          to,
          subject: renderSubject(record.data),
          text: renderText(record.data),
          html: renderEmailHtml(record.data),
          messageId: messageId(record.id, from),
          headers: { "X-Idempotency-Key": record.id },
          signal: AbortSignal.any([signal, timeout]),
        });
      } catch (error) {
        throw abortError(what, signal, timeoutMs, timeout) ?? smtpDeliveryError(what, error);
      }
    },
    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}
