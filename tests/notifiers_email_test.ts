/**
 * The e-mail notifier with the real nodemailer client against a real SMTP
 * server in the test process (`npm:smtp-server`): the message as received,
 * and how rejections and timeouts reach the outbox.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "./assert.ts";
import { reply, startSmtp } from "./fakes/smtp_server.ts";
import { RetryableError } from "../lib/errors.ts";
import { createEmailNotifier, type EmailNotifier } from "../alerting/notify/email.ts";
import { PermanentDeliveryError } from "../alerting/notify/errors.ts";
import { renderSubject, renderText } from "../alerting/notify/render.ts";
import { testAlert, testData, testRecord } from "../alerting/notify/test_support.ts";

/** The decoded body of the MIME part with this content type. */
function mimePart(raw: string, type: string): string | undefined {
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)?.[1];
  if (!boundary) return undefined;
  for (const part of raw.split(`--${boundary}`)) {
    const [head = "", ...rest] = part.split("\r\n\r\n");
    if (!new RegExp(`Content-Type: ${type}`, "i").test(head)) continue;
    const body = rest.join("\r\n\r\n").trim();
    const encoding = /Content-Transfer-Encoding: (\S+)/i.exec(head)?.[1]?.toLowerCase();
    if (encoding === "base64") {
      return new TextDecoder().decode(
        Uint8Array.from(atob(body.replace(/\s/g, "")), (c) => c.charCodeAt(0)),
      );
    }
    if (encoding === "quoted-printable") {
      const bytes = body.replace(/=\r\n/g, "").replace(
        /=([0-9A-F]{2})/g,
        (_, h) => String.fromCharCode(parseInt(h, 16)),
      );
      return new TextDecoder().decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0)));
    }
    return body;
  }
  return undefined;
}

const data = testData([
  testAlert(
    { alertname: "StaleData", severity: "warning", exchange: "binance", symbol: "BTC/USDT" },
    { summary: "no candle for 3 intervals <since 02:41>" },
  ),
]);

/** Runs `body` with an SMTP server and a notifier pointed at it, closing both. */
async function withSmtp(
  body: (smtp: Awaited<ReturnType<typeof startSmtp>>, notifier: EmailNotifier) => Promise<void>,
  reject: { rcpt?: Error; data?: Error } = {},
): Promise<void> {
  const smtp = await startSmtp(reject);
  const notifier = createEmailNotifier({
    smtpUrl: smtp.url,
    from: "alerts@example.com",
    timeoutMs: 2_000,
  });
  try {
    await body(smtp, notifier);
  } finally {
    await notifier.close();
    await smtp.close();
  }
}

const signal = () => new AbortController().signal;

Deno.test("an e-mail reaches the SMTP server with text and HTML parts", async () => {
  await withSmtp(async (smtp, notifier) => {
    await notifier.send(
      testRecord("email", "ops@example.com, Dev <dev@example.com>", data, "row-9"),
      signal(),
    );
    assertEquals(smtp.received.length, 1);
    const [mail] = smtp.received;
    assertEquals(mail!.from, "alerts@example.com");
    assertEquals(mail!.to, ["ops@example.com", "dev@example.com"]);
    assertStringIncludes(mail!.raw, `Subject: ${renderSubject(data)}`);
    assertStringIncludes(mail!.raw, "X-Idempotency-Key: row-9");
    assertStringIncludes(mail!.raw, "Message-ID: <alert-row-9@example.com>");
    assertEquals(mimePart(mail!.raw, "text/plain")?.replace(/\r\n/g, "\n"), renderText(data));
    const html = mimePart(mail!.raw, "text/html");
    assert(html !== undefined, mail!.raw);
    assertStringIncludes(html, "<b>StaleData</b>");
    assertStringIncludes(html, "no candle for 3 intervals &lt;since 02:41&gt;");
  });
});

Deno.test("an SMTP 550 rejection is a permanent failure", async () => {
  await withSmtp(async (smtp, notifier) => {
    const err = await assertRejects(
      () => notifier.send(testRecord("email", "nobody@example.com", data), signal()),
      "mailbox unavailable",
    );
    assert(err instanceof PermanentDeliveryError, String(err));
    assertEquals(err.status, 550);
    assertEquals(smtp.received.length, 0);
  }, { rcpt: reply(550, "mailbox unavailable") });
});

Deno.test("an SMTP 451 rejection is retryable", async () => {
  await withSmtp(async (_smtp, notifier) => {
    const err = await assertRejects(
      () => notifier.send(testRecord("email", "ops@example.com", data), signal()),
      "try again later",
    );
    assert(err instanceof RetryableError, String(err));
  }, { data: reply(451, "try again later") });
});

Deno.test("an invalid recipient address fails for good without connecting", async () => {
  await withSmtp(async (smtp, notifier) => {
    for (const target of ["not-an-address", " , ", "ops@example.com, two words@x"]) {
      const err = await assertRejects(() =>
        notifier.send(testRecord("email", target, data), signal())
      );
      assert(err instanceof PermanentDeliveryError, `${target}: ${err}`);
    }
    assertEquals(smtp.connections(), 0);
  });
});

Deno.test("an SMTP server that never greets times out as retryable", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) accepted.push(conn);
  })();
  const notifier = createEmailNotifier({
    smtpUrl: `smtp://127.0.0.1:${listener.addr.port}`,
    timeoutMs: 300,
  });
  try {
    const err = await assertRejects(() =>
      notifier.send(testRecord("email", "ops@example.com", data), signal())
    );
    assert(err instanceof RetryableError, String(err));
    assertStringIncludes(err.message, "e-mail to ops@example.com");
  } finally {
    await notifier.close();
    listener.close();
    await accepting;
    for (const conn of accepted) conn.close();
  }
});
