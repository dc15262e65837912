/**
 * How a failed delivery is reported to the outbox: {@linkcode RetryableError}
 * (from `lib/errors.ts`) when the same notification may go through later, with
 * the wait the peer asked for; {@linkcode PermanentDeliveryError} when it never
 * will, so the row is dead-lettered at once instead of burning its attempts.
 *
 * The outbox treats every error that is not a `RetryableError` as permanent,
 * so notifiers wrap anything they cannot classify as retryable: a row retried
 * in vain is dead after N attempts anyway, a row dead-lettered by mistake is
 * a lost alert.
 *
 * @module
 */
import { RetryableError } from "../../lib/errors.ts";

/**
 * A delivery that retrying cannot fix: an unknown chat, a rejected recipient,
 * a 4xx from a webhook. The outbox dead-letters the notification at once.
 *
 * @example
 * ```ts
 * throw new PermanentDeliveryError("telegram chat -100123 not found", { status: 400 });
 * ```
 */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
  /** The peer's status: HTTP status, Telegram `error_code` or SMTP reply code, when there was one. */
  readonly status?: number;

  constructor(message: string, options?: ErrorOptions & { status?: number }) {
    super(message, options);
    this.status = options?.status;
  }
}

/**
 * Parses an HTTP `Retry-After` header, either delay-seconds or an HTTP-date,
 * into a wait in ms from `now`. Invalid values give `undefined`; a date in
 * the past gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter("3", 0); // 3000
 * parseRetryAfter("Thu, 01 Jan 1970 00:00:10 GMT", 4_000); // 6000
 * parseRetryAfter("soon", 0); // undefined
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse also accepts bare numbers and ISO forms; only RFC 7231 dates carry a weekday.
  if (!/^[A-Za-z]{3},/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * An error's message followed by its causes' messages — fetch says only
 * "fetch failed" and keeps the reason ("Connection refused") in `cause` —
 * with every URL cut to its origin, since paths hold secrets (bot tokens,
 * webhook keys) and this text ends up in logs and the API.
 *
 * @example
 * ```ts
 * errorDetail(new TypeError("fetch failed", { cause: new Error("for url (https://x.example/bot1:T/m)") }));
 * // "fetch failed: for url (https://x.example/…)"
 * ```
 */
export function errorDetail(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 4; depth++) {
    const message = e instanceof Error ? e.message : String(e);
    if (message && !parts.includes(message)) parts.push(message);
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(": ").replace(/(https?:\/\/[^/\s()]+)\/[^\s()]*/g, "$1/…");
}

/** HTTP statuses that say "try again later" rather than "this request is wrong". */
const RETRYABLE_STATUSES = new Set([408, 425, 429]);

/**
 * Classifies a non-2xx HTTP response: 408, 425, 429 and 5xx are retryable
 * (honouring `Retry-After`), any other status is permanent.
 *
 * @example
 * ```ts
 * const err = httpStatusError("webhook POST https://example.com", 429, "2", 0);
 * err instanceof RetryableError && err.retryAfterMs === 2000; // true
 * httpStatusError("webhook POST https://example.com", 404, null, 0) instanceof PermanentDeliveryError; // true
 * ```
 */
export function httpStatusError(
  what: string,
  status: number,
  retryAfter: string | null,
  now: number,
  detail = "",
): RetryableError | PermanentDeliveryError {
  const message = `${what} answered ${status}${detail ? `: ${detail}` : ""}`;
  if (status >= 500 || RETRYABLE_STATUSES.has(status)) {
    return new RetryableError(message, { retryAfterMs: parseRetryAfter(retryAfter, now) });
  }
  return new PermanentDeliveryError(message, { status });
}

/** The fields of a nodemailer error that say what went wrong. */
interface SmtpErrorFields {
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

/** nodemailer codes for mistakes in what we asked for, which no retry fixes. */
const PERMANENT_SMTP_CODES = new Set(["EENVELOPE", "ECONFIG", "EMAXRECIPIENTS", "ENOAUTH"]);

/**
 * Classifies a nodemailer failure: SMTP 5xx replies (except 503, a session
 * state error) and envelope errors without a reply (invalid address) are
 * permanent; 4xx replies, connection failures and timeouts are retryable.
 *
 * @example
 * ```ts
 * const err = Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 });
 * smtpDeliveryError("e-mail to ops@example.com", err) instanceof PermanentDeliveryError; // true
 * ```
 */
export function smtpDeliveryError(
  what: string,
  error: unknown,
): RetryableError | PermanentDeliveryError {
  const fields: SmtpErrorFields = typeof error === "object" && error !== null ? error : {};
  const detail = error instanceof Error ? error.message : String(error);
  const reply = fields.responseCode;
  const message = `${what} failed${fields.code ? ` (${fields.code})` : ""}: ${detail}`;
  if (typeof reply === "number") {
    // nodemailer sets `permanent` from the reply class; fall back to RFC 5321's rule.
    const permanent = fields.permanent ?? (reply >= 500 && reply < 600 && reply !== 503);
    return permanent
      ? new PermanentDeliveryError(message, { status: reply, cause: error })
      : new RetryableError(message, { cause: error });
  }
  if (fields.code && PERMANENT_SMTP_CODES.has(fields.code)) {
    return new PermanentDeliveryError(message, { cause: error });
  }
  return new RetryableError(message, { cause: error });
}

/**
 * Turns a failed attempt into the error the outbox expects when the cause was
 * an abort: the caller's signal (shutdown) or the notifier's own timeout. Both
 * are retryable — a shutdown must never dead-letter a notification.
 *
 * @example
 * ```ts
 * abortError("webhook POST https://example.com", new AbortController().signal, 5_000); // undefined: not aborted
 * ```
 */
export function abortError(
  what: string,
  caller: AbortSignal,
  timeoutMs: number,
  timeout?: AbortSignal,
): RetryableError | undefined {
  if (caller.aborted) {
    return new RetryableError(`${what} aborted before it completed`, { cause: caller.reason });
  }
  if (timeout?.aborted) {
    return new RetryableError(`${what} timed out after ${timeoutMs} ms`, {
      cause: timeout.reason,
    });
  }
  return undefined;
}
