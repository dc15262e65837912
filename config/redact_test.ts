import { assertEquals, assertRejects, assertStringIncludes } from "../tests/assert.ts";
import { loadConfig, validateConfig } from "./load.ts";
import { redactConfig, redactValue } from "./redact.ts";

Deno.test("a webhook URL whose path or query is the token shows only scheme, host and port", () => {
  const shown = redactConfig(validateConfig({
    alerts: {
      publicUrl: "https://ct.example.com",
      webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX",
      receivers: [
        { name: "ops", webhook: { url: "https://discord.com/api/webhooks/42/S3CR3T" } },
        { name: "pager", webhook: { url: "https://pager.example:8443/?token=S3CR3T" } },
        { name: "chat", telegram: {} },
      ],
      route: { receiver: "ops" },
    },
  }));
  assertEquals(shown.alerts.webhookUrl, "https://hooks.slack.com/***");
  assertEquals(shown.alerts.receivers.map((r) => r.webhook?.url), [
    "https://discord.com/***",
    "https://pager.example:8443/?***",
    undefined,
  ]);
  assertEquals(shown.alerts.receivers.map((r) => r.name), ["ops", "pager", "chat"]);
  // URLs with nothing secret in them are shown exactly as configured.
  assertEquals(shown.alerts.publicUrl, "https://ct.example.com");
  assertEquals(shown.alerts.telegramApiRoot, "https://api.telegram.org");
});

Deno.test("a receiver's webhook URL loses its password like ALERT_WEBHOOK_URL's", () => {
  const shown = redactConfig(validateConfig({
    alerts: {
      webhookUrl: "https://ct:hunter2@hooks.example/",
      receivers: [{ name: "default", webhook: { url: "https://ct:hunter2@hooks.example/" } }],
    },
  }));
  assertEquals(shown.alerts.webhookUrl, "https://ct:***@hooks.example/");
  assertEquals(shown.alerts.receivers[0]?.webhook?.url, "https://ct:***@hooks.example/");
});

Deno.test("SMTP, Redis and PostgreSQL URLs hide a password, a lone username and the query", async () => {
  const { config } = await loadConfig({
    args: [],
    env: {
      SMTP_URL: "smtps://alerts:hunter2@mail.example:465",
      REDIS_URL: "redis://tok3n@cache:6379/2",
      DATABASE_URL: "postgres://db:5432/ct?sslmode=require&password=hunter2",
    },
  });
  const shown = redactConfig(config);
  assertEquals(shown.alerts.smtpUrl, "smtps://alerts:***@mail.example:465");
  assertEquals(shown.redisUrl, "redis://***@cache:6379/2");
  assertEquals(shown.databaseUrl, "postgres://db:5432/ct?***");
});

Deno.test("a value at a receiver's numbered path is redacted as that receiver's URL", () => {
  assertEquals(
    redactValue("alerts.receivers.3.webhook.url", "https://hooks.slack.com/services/T/B/X"),
    "https://hooks.slack.com/***",
  );
  assertEquals(redactValue("alerts.receivers.3.name", "ops"), "ops");
});

Deno.test("a config error quoting a webhook URL given in the wrong place does not leak its token", async () => {
  const err = await assertRejects(() =>
    loadConfig({
      args: ["--config", "c.json"],
      env: {},
      readTextFile: () =>
        Promise.resolve(JSON.stringify({
          alerts: { receivers: [{ name: "a", webhook: "https://hooks.slack.com/services/T/B/X" }] },
        })),
    })
  );
  assertEquals(err.message.includes("services/T/B/X"), false, err.message);
  assertStringIncludes(
    err.message,
    'alerts.receivers.0.webhook: expected an object, received "https://hooks.slack.com/***"',
  );
});
