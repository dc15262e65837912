import { GrammyError, HttpError } from "grammy/web";
import { assert, assertEquals } from "../../tests/assert.ts";
import { RetryableError } from "../../lib/errors.ts";
import {
  abortError,
  httpStatusError,
  parseRetryAfter,
  PermanentDeliveryError,
  smtpDeliveryError,
} from "./errors.ts";
import { telegramDeliveryError } from "./telegram.ts";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

Deno.test("Retry-After is read as seconds or as an HTTP date against now", () => {
  assertEquals(parseRetryAfter("7", NOW), 7000);
  assertEquals(parseRetryAfter(" 0 ", NOW), 0);
  assertEquals(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW), 90_000);
  assertEquals(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW), 0);
  assertEquals(parseRetryAfter("-3", NOW), undefined);
  assertEquals(parseRetryAfter("2026-01-01T12:00:00Z", NOW), undefined);
  assertEquals(parseRetryAfter("soon", NOW), undefined);
  assertEquals(parseRetryAfter(null, NOW), undefined);
});

Deno.test("HTTP 408, 425, 429 and 5xx are retryable, other statuses permanent", () => {
  for (const status of [408, 425, 429, 500, 502, 503]) {
    assert(httpStatusError("POST", status, null, NOW) instanceof RetryableError, String(status));
  }
  for (const status of [400, 401, 403, 404, 410, 413, 422]) {
    const err = httpStatusError("POST", status, null, NOW);
    assert(err instanceof PermanentDeliveryError, String(status));
    assertEquals(err.status, status);
  }
  const limited = httpStatusError("webhook POST http://x", 429, "3", NOW, "slow down");
  assert(limited instanceof RetryableError);
  assertEquals(limited.retryAfterMs, 3000);
  assertEquals(limited.message, "webhook POST http://x answered 429: slow down");
});

const grammyError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError(
    "Call to 'sendMessage' failed!",
    {
      ok: false,
      error_code,
      description,
      parameters,
    },
    "sendMessage",
    {},
  );

Deno.test("Telegram 429 is retryable after retry_after seconds", () => {
  const err = telegramDeliveryError(
    grammyError(429, "Too Many Requests", { retry_after: 12 }),
    "1",
  );
  assert(err instanceof RetryableError);
  assertEquals(err.retryAfterMs, 12_000);
});

Deno.test("Telegram 5xx and network failures are retryable", () => {
  assert(telegramDeliveryError(grammyError(502, "Bad Gateway"), "1") instanceof RetryableError);
  const net = telegramDeliveryError(
    new HttpError("Network request failed!", new TypeError("refused")),
    "1",
  );
  assert(net instanceof RetryableError);
  assertEquals(
    net.message,
    "telegram sendMessage to chat 1 failed: Network request failed! refused",
  );
});

Deno.test("Telegram 400, 401, 403 and 404 are permanent", () => {
  for (
    const [code, text] of [[400, "Bad Request: chat not found"], [401, "Unauthorized"], [
      403,
      "Forbidden: bot was blocked by the user",
    ], [404, "Not Found"]] as const
  ) {
    const err = telegramDeliveryError(grammyError(code, text), "-100");
    assert(err instanceof PermanentDeliveryError, text);
    assertEquals(err.status, code);
    assertEquals(err.message, `telegram sendMessage to chat -100 failed with ${code}: ${text}`);
  }
});

Deno.test("a Telegram chat upgraded to a supergroup names its new id", () => {
  const err = telegramDeliveryError(
    grammyError(400, "Bad Request: group chat was upgraded to a supergroup chat", {
      migrate_to_chat_id: -1001,
    }),
    "-5",
  );
  assert(err instanceof PermanentDeliveryError);
  assert(err.message.endsWith("the chat is now -1001"), err.message);
});

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error("rejected"), fields);

Deno.test("SMTP 5xx replies are permanent, 4xx and 503 retryable", () => {
  assert(
    smtpDeliveryError("mail", smtpError({ responseCode: 550, code: "EENVELOPE" })) instanceof
      PermanentDeliveryError,
  );
  assert(
    smtpDeliveryError("mail", smtpError({ responseCode: 554 })) instanceof PermanentDeliveryError,
  );
  assert(smtpDeliveryError("mail", smtpError({ responseCode: 451 })) instanceof RetryableError);
  assert(smtpDeliveryError("mail", smtpError({ responseCode: 503 })) instanceof RetryableError);
  // nodemailer's own verdict wins over the reply class.
  assert(
    smtpDeliveryError("mail", smtpError({ responseCode: 550, permanent: false })) instanceof
      RetryableError,
  );
});

Deno.test("SMTP connection failures are retryable, envelope errors without a reply permanent", () => {
  for (const code of ["ECONNECTION", "ESOCKET", "ETIMEDOUT", "EDNS", undefined]) {
    assert(smtpDeliveryError("mail", smtpError({ code })) instanceof RetryableError, String(code));
  }
  const err = smtpDeliveryError("e-mail to x", smtpError({ code: "EENVELOPE" }));
  assert(err instanceof PermanentDeliveryError);
  assertEquals(err.message, "e-mail to x failed (EENVELOPE): rejected");
});

Deno.test("an abort is retryable whether the caller or the timeout ended it", () => {
  const caller = new AbortController();
  const timeout = new AbortController();
  assertEquals(abortError("POST", caller.signal, 100, timeout.signal), undefined);
  timeout.abort();
  assertEquals(
    abortError("POST", caller.signal, 100, timeout.signal)?.message,
    "POST timed out after 100 ms",
  );
  caller.abort();
  assertEquals(
    abortError("POST", caller.signal, 100, timeout.signal)?.message,
    "POST aborted before it completed",
  );
});
