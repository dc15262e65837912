/**
 * What holds for every notifier: a peer that refuses connections, and a
 * shutdown aborting a send in flight, are retryable — neither may
 * dead-letter a notification.
 */
import { assert, assertEquals, assertRejects } from "./assert.ts";
import { FakeTelegram } from "./fakes/telegram_server.ts";
import { WebhookReceiver } from "./fakes/webhook_receiver.ts";
import { RetryableError } from "../lib/errors.ts";
import {
  createEmailNotifier,
  createTelegramNotifier,
  createWebhookNotifier,
  type Notifier,
} from "../alerting/notify/mod.ts";
import { testAlert, testData, testRecord } from "../alerting/notify/test_support.ts";

const data = testData([
  testAlert({ alertname: "BusLag", severity: "warning" }, { summary: "lag 12 s" }),
]);

/** A port nothing listens on: bound, then released. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

/** A TCP server that accepts and then says nothing, for SMTP that never greets. */
function silentServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) conns.push(conn);
  })();
  return {
    port: listener.addr.port,
    async close() {
      listener.close();
      await accepting;
      for (const conn of conns) conn.close();
    },
  };
}

async function expectRetryable(
  notifier: Notifier,
  target: string,
  signal: AbortSignal,
  includes: string,
): Promise<Error> {
  const err = await assertRejects(
    () => notifier.send(testRecord(notifier.channel, target, data), signal),
    includes,
  );
  assert(err instanceof RetryableError, `${notifier.channel}: ${err}`);
  return err;
}

Deno.test("connection refused is retryable on every channel, without leaking secrets", async () => {
  const port = closedPort();
  const signal = new AbortController().signal;
  const telegram = createTelegramNotifier({
    token: "123:SECRET-TOKEN",
    apiRoot: `http://127.0.0.1:${port}`,
  });
  const email = createEmailNotifier({ smtpUrl: `smtp://127.0.0.1:${port}` });
  const webhook = createWebhookNotifier();
  try {
    const errors = [
      await expectRetryable(telegram, "111", signal, "telegram sendMessage to chat 111 failed"),
      await expectRetryable(email, "ops@example.com", signal, "e-mail to ops@example.com failed"),
      await expectRetryable(
        webhook,
        `http://127.0.0.1:${port}/hook/SECRET-PATH`,
        signal,
        "webhook POST",
      ),
    ];
    for (const err of errors) assert(!err.message.includes("SECRET"), err.message);
  } finally {
    await email.close();
  }
});

Deno.test("a shutdown aborting a send in flight is retryable on every channel", async () => {
  const tg = FakeTelegram.start();
  const hook = WebhookReceiver.start();
  const smtp = silentServer();
  const email = createEmailNotifier({
    smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
    timeoutMs: 10_000,
  });
  try {
    tg.fail({ kind: "delay", ms: 10_000 });
    hook.fail({ kind: "hang" });
    const cases: [Notifier, string][] = [
      [createTelegramNotifier({ token: tg.token, apiRoot: tg.apiRoot, timeoutMs: 10_000 }), "111"],
      [email, "ops@example.com"],
      [createWebhookNotifier({ timeoutMs: 10_000 }), hook.url],
    ];
    const started = performance.now();
    await Promise.all(cases.map(([notifier, target]) => {
      const shutdown = new AbortController();
      setTimeout(() => shutdown.abort(), 50);
      return expectRetryable(notifier, target, shutdown.signal, "aborted before it completed");
    }));
    assert(performance.now() - started < 5_000, "the abort ended every send");
    assertEquals(tg.messages.length, 0);
  } finally {
    await email.close();
    await smtp.close();
    await hook.close();
    await tg.close();
  }
});
