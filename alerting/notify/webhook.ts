/**
 * Webhook notifications: a JSON POST in the shape of Alertmanager's webhook
 * payload (version 4) plus our idempotency key, optionally signed with
 * HMAC-SHA256 so the receiver can tell it came from us.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { RetryableError } from "../../lib/errors.ts";
import type { OutboxRecord } from "../model.ts";
import { abortError, errorDetail, httpStatusError, PermanentDeliveryError } from "./errors.ts";
import type { Notifier } from "./notifier.ts";

/** Options of {@linkcode createWebhookNotifier}. */
export interface WebhookNotifierOptions {
  /** Shared secret for the `X-Signature` header; unsigned without it. */
  secret?: string;
  /** Limit per POST, response included. Default 10 000 ms. */
  timeoutMs?: number;
  /** The fetch to use. Default the global one. */
  fetch?: typeof fetch;
  /** Current time, for `Retry-After` dates. Default `Date.now`. */
  now?: () => number;
}

/** How much of an error response's body goes into the error message. */
const DETAIL_CHARS = 200;

/**
 * The `X-Signature` value for `body`: `sha256=` and the hex HMAC-SHA256 of
 * the exact body bytes under `secret`.
 *
 * @example
 * ```ts
 * sign('{"a":1}', "s3cret"); // "sha256=…64 hex digits…"
 * ```
 */
export function sign(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Whether `header` is the signature of `body` under `secret`, compared in
 * constant time. For receivers: pass the raw body bytes, before parsing.
 *
 * @example
 * ```ts
 * const body = await request.text();
 * if (!verifySignature(body, request.headers.get("X-Signature"), secret)) return new Response(null, { status: 401 });
 * ```
 */
export function verifySignature(
  body: string | Uint8Array,
  header: string | null | undefined,
  secret: string,
): boolean {
  if (!header) return false;
  const expected = new TextEncoder().encode(sign(body, secret));
  const actual = new TextEncoder().encode(header.trim());
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The body posted for `record`, in Alertmanager's webhook format (version 4)
 * so a receiver written for Alertmanager reads it: per-alert `status`,
 * RFC 3339 times (`endsAt` of a firing alert is the zero time, as
 * Alertmanager sends it), `generatorURL`; plus `externalURL` and
 * `idempotencyKey` (the outbox id, the same on every retry).
 *
 * @example
 * ```ts ignore
 * JSON.parse(webhookBody(record)).idempotencyKey === record.id; // true
 * ```
 */
export function webhookBody(record: OutboxRecord): string {
  const { alerts, externalUrl, ...group } = record.data;
  return JSON.stringify({
    version: "4",
    ...group,
    externalURL: externalUrl ?? "",
    alerts: alerts.map((a) => ({
      status: a.state === "resolved" ? "resolved" : "firing",
      labels: a.labels,
      annotations: a.annotations,
      startsAt: new Date(a.startsAt).toISOString(),
      endsAt: a.state === "resolved" && a.endsAt !== undefined
        ? new Date(a.endsAt).toISOString()
        : ZERO_TIME,
      generatorURL: a.generatorUrl ?? "",
      fingerprint: a.fingerprint,
    })),
    idempotencyKey: record.id,
  });
}

/** Go's zero time, which Alertmanager sends as the `endsAt` of a firing alert. */
const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The URL for error messages: origin only, since paths often hold tokens (Slack, Discord). */
function describe(url: URL): string {
  return `webhook POST ${url.origin}`;
}

/**
 * A notifier that POSTs {@linkcode webhookBody} to the URL `record.target`.
 * 2xx is success; 408, 425, 429 and 5xx are retryable (honouring
 * `Retry-After`); other statuses and bad URLs are permanent.
 *
 * @example
 * ```ts
 * const webhook = createWebhookNotifier({ secret: Deno.env.get("ALERT_WEBHOOK_SECRET") });
 * await webhook.send(record, signal);
 * ```
 */
export function createWebhookNotifier(options: WebhookNotifierOptions = {}): Notifier {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  return {
    channel: "webhook",
    async send(record: OutboxRecord, signal: AbortSignal): Promise<void> {
      let url: URL;
      try {
        url = new URL(record.target);
      } catch (cause) {
        throw new PermanentDeliveryError(
          `webhook target is not a URL, received ${JSON.stringify(record.target)}`,
          { cause },
        );
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new PermanentDeliveryError(
          `webhook target must be http(s), received ${url.protocol} in ${describe(url)}`,
        );
      }
      const body = webhookBody(record);
      const headers = new Headers({
        "Content-Type": "application/json",
        "Idempotency-Key": record.id,
      });
      if (options.secret) headers.set("X-Signature", sign(body, options.secret));
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const response = await doFetch(url, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.any([signal, timeout]),
        });
        if (response.ok) {
          await response.body?.cancel();
          return;
        }
        const detail = (await response.text()).slice(0, DETAIL_CHARS).trim();
        throw httpStatusError(
          describe(url),
          response.status,
          response.headers.get("Retry-After"),
          now(),
          detail,
        );
      } catch (error) {
        if (error instanceof RetryableError || error instanceof PermanentDeliveryError) throw error;
        throw abortError(describe(url), signal, timeoutMs, timeout) ??
          new RetryableError(`${describe(url)} failed: ${errorDetail(error)}`, { cause: error });
      }
    },
  };
}
