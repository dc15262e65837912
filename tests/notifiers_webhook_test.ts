/**
 * The webhook notifier against a local receiver that verifies signatures:
 * body and headers, 429 with Retry-After, 5xx, 4xx, timeouts.
 */
import { assert, assertEquals, assertRejects } from "./assert.ts";
import { WebhookReceiver } from "./fakes/webhook_receiver.ts";
import { RetryableError } from "../lib/errors.ts";
import { createWebhookNotifier, verifySignature } from "../alerting/notify/webhook.ts";
import { PermanentDeliveryError } from "../alerting/notify/errors.ts";
import { testAlert, testData, testRecord } from "../alerting/notify/test_support.ts";

const SECRET = "s3cret-shared";
const data = testData([
  testAlert({ alertname: "Drawdown", severity: "critical" }, { summary: "paper drawdown 12%" }),
], { externalUrl: "https://ops.example.com" });

/** Runs `body` with a receiver, closing it afterwards. */
async function withReceiver(
  body: (hook: WebhookReceiver) => Promise<void>,
  options: { secret?: string } = { secret: SECRET },
): Promise<void> {
  const hook = WebhookReceiver.start(options);
  try {
    await body(hook);
  } finally {
    await hook.close();
  }
}

const signal = () => new AbortController().signal;

Deno.test("a webhook POST carries the signed JSON body and the idempotency key", async () => {
  await withReceiver(async (hook) => {
    const notifier = createWebhookNotifier({ secret: SECRET });
    await notifier.send(testRecord("webhook", hook.url, data, "row-42"), signal());
    assertEquals(hook.requests.length, 1);
    const [request] = hook.requests;
    assertEquals(request!.method, "POST");
    assertEquals(request!.status, 200);
    assertEquals(request!.signatureValid, true);
    assert(verifySignature(request!.body, request!.headers.get("X-Signature"), SECRET));
    assertEquals(request!.headers.get("Content-Type"), "application/json");
    assertEquals(request!.headers.get("Idempotency-Key"), "row-42");
    const body = JSON.parse(request!.body);
    assertEquals([body.version, body.idempotencyKey, body.receiver], [
      "4",
      "row-42",
      data.receiver,
    ]);
    assertEquals(
      body.alerts.map((a: { fingerprint: string }) => a.fingerprint),
      data.alerts.map((a) => a.fingerprint),
    );
  });
});

Deno.test("a webhook signed with another secret is refused for good", async () => {
  await withReceiver(async (hook) => {
    const notifier = createWebhookNotifier({ secret: "not-the-secret" });
    const err = await assertRejects(
      () => notifier.send(testRecord("webhook", hook.url, data), signal()),
      "answered 401: bad signature",
    );
    assert(err instanceof PermanentDeliveryError, String(err));
    assertEquals(hook.requests[0]!.signatureValid, false);
  });
});

Deno.test("without a secret the webhook is sent unsigned", async () => {
  await withReceiver(async (hook) => {
    await createWebhookNotifier().send(testRecord("webhook", hook.url, data), signal());
    assertEquals(hook.requests[0]!.headers.get("X-Signature"), null);
    assertEquals(hook.requests[0]!.signatureValid, undefined);
  }, {});
});

Deno.test("webhook 429 honours Retry-After in seconds and as an HTTP date", async () => {
  await withReceiver(async (hook) => {
    const now = Date.UTC(2026, 0, 1, 12);
    const notifier = createWebhookNotifier({ secret: SECRET, now: () => now });
    hook.fail({ kind: "429", retryAfter: "5" });
    hook.fail({ kind: "429", retryAfter: new Date(now + 120_000).toUTCString() });
    for (const expected of [5_000, 120_000]) {
      const err = await assertRejects(
        () => notifier.send(testRecord("webhook", hook.url, data), signal()),
        "answered 429",
      );
      assert(err instanceof RetryableError, String(err));
      assertEquals(err.retryAfterMs, expected);
    }
  });
});

Deno.test("webhook 500 is retryable and the retry carries the same idempotency key", async () => {
  await withReceiver(async (hook) => {
    const notifier = createWebhookNotifier({ secret: SECRET });
    const record = testRecord("webhook", hook.url, data, "row-7");
    hook.fail({ kind: "5xx" });
    const err = await assertRejects(() => notifier.send(record, signal()), "answered 500");
    assert(err instanceof RetryableError, String(err));
    await notifier.send(record, signal());
    assertEquals(hook.requests.map((r) => r.status), [500, 200]);
    assertEquals(hook.requests.map((r) => r.headers.get("Idempotency-Key")), ["row-7", "row-7"]);
    assertEquals(hook.requests[0]!.body, hook.requests[1]!.body);
  });
});

Deno.test("a webhook receiver slower than the timeout is retryable", async () => {
  await withReceiver(async (hook) => {
    hook.fail({ kind: "hang" });
    const notifier = createWebhookNotifier({ secret: SECRET, timeoutMs: 200 });
    const err = await assertRejects(
      () => notifier.send(testRecord("webhook", hook.url, data), signal()),
      "timed out after 200 ms",
    );
    assert(err instanceof RetryableError, String(err));
  });
});

Deno.test("a webhook target that is not an http(s) URL is a permanent failure", async () => {
  const notifier = createWebhookNotifier();
  for (const target of ["not a url", "ftp://example.com/hook"]) {
    const err = await assertRejects(() =>
      notifier.send(testRecord("webhook", target, data), signal())
    );
    assert(err instanceof PermanentDeliveryError, `${target}: ${err}`);
  }
});

Deno.test("webhook error messages name the origin, never the secret path", async () => {
  await withReceiver(async (hook) => {
    hook.fail({ kind: "5xx", status: 503 });
    const target = `${hook.url}/T000/B000/secret-token`;
    const err = await assertRejects(
      () => createWebhookNotifier().send(testRecord("webhook", target, data), signal()),
    );
    assert(!err.message.includes("secret-token"), err.message);
    assert(err.message.startsWith(`webhook POST ${new URL(hook.url).origin} answered 503`));
  });
});
