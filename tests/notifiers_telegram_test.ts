/**
 * The Telegram notifier with the real grammY client against a fake Bot API
 * (grammY's `client.apiRoot`): HTML delivery, splitting, and how 429, 400,
 * 500 and timeouts reach the outbox.
 */
import { assert, assertEquals, assertRejects } from "./assert.ts";
import { FakeTelegram, parseTelegramHtml } from "./fakes/telegram_server.ts";
import { RetryableError } from "../lib/errors.ts";
import { createTelegramNotifier } from "../alerting/notify/telegram.ts";
import { PermanentDeliveryError } from "../alerting/notify/errors.ts";
import { renderHtml } from "../alerting/notify/render.ts";
import { testAlert, testData, testRecord } from "../alerting/notify/test_support.ts";

const data = testData([
  testAlert(
    { alertname: "PriceMove", severity: "critical", exchange: "binance", symbol: "BTC/USDT" },
    { summary: "BTC/USDT moved -7.2% in 15m <fast> & sharp" },
  ),
  testAlert(
    { alertname: "PriceMove", severity: "warning", exchange: "binance", symbol: "ETH/USDT" },
    { summary: "ETH/USDT moved -5.1% in 15m" },
  ),
]);

/** Runs `body` with a fake Bot API and a notifier pointed at it, closing both. */
async function withTelegram(
  body: (tg: FakeTelegram, notifier: ReturnType<typeof createTelegramNotifier>) => Promise<void>,
  chats = ["111", "222"],
): Promise<void> {
  const tg = FakeTelegram.start({ chats });
  try {
    await body(
      tg,
      createTelegramNotifier({ token: tg.token, apiRoot: tg.apiRoot, timeoutMs: 300 }),
    );
  } finally {
    await tg.close();
  }
}

const signal = () => new AbortController().signal;

Deno.test("telegram sends the HTML notification to each chat, link previews off", async () => {
  await withTelegram(async (tg, notifier) => {
    for (const chat of ["111", "222"]) {
      await notifier.send(testRecord("telegram", chat, data), signal());
    }
    assertEquals(tg.messages.map((m) => m.chatId), ["111", "222"]);
    for (const message of tg.messages) {
      assertEquals(message.text, renderHtml(data));
      assertEquals(message.parseMode, "HTML");
      assert(message.linkPreviewDisabled);
    }
    // The fake parses HTML as Telegram does: escaped values come out as typed.
    const parsed = parseTelegramHtml(tg.messages[0]!.text);
    assert("text" in parsed && parsed.text.includes("-7.2% in 15m <fast> & sharp"));
  });
});

Deno.test("telegram splits a notification over 4096 characters into ordered parts", async () => {
  const alerts = Array.from({ length: 120 }, (_, i) =>
    testAlert(
      {
        alertname: "StaleData",
        severity: "warning",
        symbol: `COIN${String(i).padStart(3, "0")}/USDT`,
      },
      { summary: `no candle for 3 intervals & counting <${"x".repeat(20)}>` },
    ));
  const big = testData(alerts);
  assert(renderHtml(big).length > 4096);
  await withTelegram(async (tg, notifier) => {
    await notifier.send(testRecord("telegram", "111", big), signal());
    assert(tg.messages.length >= 2, `${tg.messages.length} messages`);
    assertEquals(tg.messages.map((m) => m.text).join("\n"), renderHtml(big));
    assertEquals(tg.calls.map((c) => c.status), tg.messages.map(() => 200));
  });
});

Deno.test("telegram 429 surfaces as retryable with retry_after in ms", async () => {
  await withTelegram(async (tg, notifier) => {
    tg.fail({ kind: "429", retryAfter: 7 });
    const err = await assertRejects(() =>
      notifier.send(testRecord("telegram", "111", data), signal())
    );
    assert(err instanceof RetryableError, String(err));
    assertEquals(err.retryAfterMs, 7000);
    assertEquals(tg.messages.length, 0);
  });
});

Deno.test("telegram 400 chat not found is a permanent failure", async () => {
  await withTelegram(async (tg, notifier) => {
    const err = await assertRejects(
      () => notifier.send(testRecord("telegram", "999", data), signal()),
      "telegram sendMessage to chat 999 failed with 400: Bad Request: chat not found",
    );
    assert(err instanceof PermanentDeliveryError, String(err));
    assertEquals(tg.calls.map((c) => c.status), [400]);
  });
});

Deno.test("telegram 500 is retryable", async () => {
  await withTelegram(async (tg, notifier) => {
    tg.fail({ kind: "500" });
    const err = await assertRejects(() =>
      notifier.send(testRecord("telegram", "111", data), signal())
    );
    assert(err instanceof RetryableError && !(err instanceof PermanentDeliveryError), String(err));
    assertEquals(err.retryAfterMs, undefined);
  });
});

Deno.test("a telegram call slower than the timeout is retryable", async () => {
  await withTelegram(async (tg, notifier) => {
    tg.fail({ kind: "delay", ms: 5_000 });
    const started = performance.now();
    const err = await assertRejects(
      () => notifier.send(testRecord("telegram", "111", data), signal()),
      "timed out after 300 ms",
    );
    assert(err instanceof RetryableError, String(err));
    assert(performance.now() - started < 2_000, "the timeout ended the call");
  });
});

Deno.test("a wrong bot token is a permanent failure", async () => {
  const tg = FakeTelegram.start();
  try {
    const notifier = createTelegramNotifier({ token: "1:WRONG", apiRoot: `${tg.apiRoot}/` });
    const err = await assertRejects(
      () => notifier.send(testRecord("telegram", "111", data), signal()),
      "401: Unauthorized",
    );
    assert(err instanceof PermanentDeliveryError, String(err));
  } finally {
    await tg.close();
  }
});

Deno.test("a part failing after earlier parts makes the retry send every part again", async () => {
  const alerts = Array.from(
    { length: 120 },
    (_, i) => testAlert({ alertname: "StaleData", symbol: `C${i}` }, { summary: "y".repeat(40) }),
  );
  const big = testData(alerts);
  await withTelegram(async (tg, notifier) => {
    const record = testRecord("telegram", "111", big);
    await notifier.send(record, signal());
    const parts = tg.messages.length;
    assert(parts >= 2);
    tg.messages.length = 0;
    // Let the first part through, then rate-limit the second.
    tg.fail({ kind: "delay", ms: 0 });
    tg.fail({ kind: "429", retryAfter: 1 });
    await assertRejects(() => notifier.send(record, signal()), "429");
    assertEquals(tg.messages.length, 1);
    await notifier.send(record, signal());
    assertEquals(tg.messages.length, 1 + parts, "at least once: the first part went twice");
  });
});
