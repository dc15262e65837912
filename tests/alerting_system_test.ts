/**
 * The whole alerting path in a running system: an alert posted the way
 * Prometheus posts it is inhibited, grouped and delivered to every
 * configured channel (a fake Telegram Bot API, a real SMTP server, a signed
 * webhook); a silence created through the API mutes what it matches.
 */
import { getLogger } from "@logtape/logtape";
import { validateConfig } from "../config/mod.ts";
import { startSystem } from "../system/run.ts";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { startSmtp } from "./fakes/smtp_server.ts";
import { FakeTelegram } from "./fakes/telegram_server.ts";
import { WebhookReceiver } from "./fakes/webhook_receiver.ts";
import { waitFor } from "./supervisor_harness.ts";

const SECRET = "system-test-secret";

async function pollUntil<T>(probe: () => Promise<T | null>, what: string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

Deno.test({
  name:
    "an alert posted to /api/v2/alerts reaches Telegram, e-mail and the webhook, and a silence mutes another",
  sanitizeResources: false, // node:sqlite handles in the worker close after the test's own check
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "ct-alerting-system-" });
    const telegram = FakeTelegram.start({ chats: ["100", "200"] });
    const smtp = await startSmtp();
    const hook = WebhookReceiver.start({ secret: SECRET });
    const config = validateConfig({
      dataDir,
      actors: ["alerter"],
      api: { port: 0 },
      log: { level: "error" },
      supervisor: { statusIntervalMs: 3_600_000 },
      alerts: {
        telegramBotToken: telegram.token,
        telegramApiRoot: telegram.apiRoot,
        telegramChatIds: ["100", "200"],
        smtpUrl: smtp.url,
        emailTo: ["ops@example.com"],
        webhookUrl: hook.url,
        webhookSecret: SECRET,
        publicUrl: "https://ct.example.com",
        route: { groupWaitMs: 100, groupIntervalMs: 60_000 },
      },
    });
    const system = await startSystem(config, getLogger(["ct", "test", "system"]));
    const base = `http://127.0.0.1:${system.server.addr.port}`;
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    try {
      const latency = (severity: string) => ({
        labels: { alertname: "HighLatency", severity, instance: "api-1" },
        annotations: { summary: `p99 latency ${severity}` },
      });
      const posted = await post("/api/v2/alerts", [latency("critical"), latency("warning")]);
      assertEquals(posted.status, 200);
      await posted.body?.cancel();

      await waitFor(
        () =>
          telegram.messages.length === 2 && smtp.received.length === 1 &&
          hook.requests.length === 1,
        20_000,
        "one notification on each channel",
      );
      assertEquals(telegram.messages.map((m) => m.chatId).sort(), ["100", "200"]);
      for (const m of telegram.messages) {
        assertEquals(m.parseMode, "HTML");
        assertStringIncludes(m.text, "p99 latency critical");
        assert(!m.text.includes("p99 latency warning"), "the critical alert inhibits the warning");
      }
      assertEquals(smtp.received[0]!.to, ["ops@example.com"]);
      assertStringIncludes(smtp.received[0]!.raw, "HighLatency");
      const [request] = hook.requests;
      assertEquals(request!.signatureValid, true);
      const body = JSON.parse(request!.body);
      assertEquals(body.alerts.map((a: { labels: { severity: string } }) => a.labels.severity), [
        "critical",
      ]);
      assertEquals(body.externalURL, "https://ct.example.com");

      const silence = await post("/api/v1/silences", {
        matchers: ['alertname="DiskFull"'],
        durationMs: 3_600_000,
        createdBy: "ops",
        comment: "disk swap tonight",
      });
      assertEquals(silence.status, 201);
      const { id } = await silence.json();
      const disk = await post("/api/v2/alerts", [{
        labels: { alertname: "DiskFull", severity: "critical" },
      }]);
      assertEquals(disk.status, 200);
      await disk.body?.cancel();
      const listed = await pollUntil(async () => {
        const res = await fetch(`${base}/api/v1/alerts?label=alertname%3DDiskFull`);
        const { alerts } = await res.json();
        return alerts.length === 1 ? alerts as { status: { silencedBy: string[] } }[] : null;
      }, "DiskFull stored by the alerter");
      assertEquals(listed[0]!.status.silencedBy, [id]);
      // A later, unsilenced alert's group flushes after DiskFull's: once it
      // arrives, DiskFull had its chance to be sent.
      const canary = await post("/api/v2/alerts", [{
        labels: { alertname: "Canary", severity: "info" },
      }]);
      await canary.body?.cancel();
      await waitFor(() => hook.requests.length === 2, 10_000, "the canary notification");
      const names = hook.requests.map((r) => JSON.parse(r.body).groupLabels.alertname);
      assertEquals(names, ["HighLatency", "Canary"], "the silenced DiskFull was never sent");
    } finally {
      await system.stop();
      await hook.close();
      await telegram.close();
      await smtp.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
