/**
 * An alert the bus cannot take still reaches the alerter of its process:
 * with Redis cut away, `RedisUnreachable` (which is about the bus itself)
 * is handed straight to the local alerter and notified; once Redis is back
 * it resolves through the bus, and each is notified once.
 */
import { getLogger } from "@logtape/logtape";
import { validateConfig } from "../config/mod.ts";
import { startSystem } from "../system/run.ts";
import { assertEquals } from "./assert.ts";
import { WebhookReceiver } from "./fakes/webhook_receiver.ts";
import { waitFor } from "./supervisor_harness.ts";
import { connectAdmin, deletePrefix, REDIS_URL, testPrefix } from "./fixtures/redis_bus_fixture.ts";
import { TcpForwarder } from "./tcp_forwarder.ts";

const REDIS = new URL(REDIS_URL);

/** The alertnames and states of the alerts in each webhook notification so far. */
function notified(hook: WebhookReceiver): string[] {
  return hook.requests.flatMap((r) =>
    (JSON.parse(r.body) as { alerts: { labels: { alertname: string }; status: string }[] })
      .alerts.map((a) => `${a.labels.alertname} ${a.status}`)
  );
}

Deno.test({
  name:
    "with Redis unreachable, RedisUnreachable reaches the local alerter past the bus and is notified, then resolves once Redis is back",
  sanitizeResources: false, // node:sqlite handles in the worker close after the test's own check
  async fn() {
    const prefix = testPrefix();
    const dataDir = await Deno.makeTempDir({ prefix: "ct-alert-handover-" });
    const redis = new TcpForwarder({ hostname: REDIS.hostname, port: Number(REDIS.port) });
    redis.start();
    const hook = WebhookReceiver.start({ secret: "handover-secret" });
    const system = await startSystem(
      validateConfig({
        dataDir,
        redisUrl: `redis://127.0.0.1:${redis.port}`,
        bus: { prefix },
        actors: ["alerter"],
        api: { port: 0 },
        log: { level: "fatal" },
        supervisor: { statusIntervalMs: 3_600_000 },
        alerts: {
          webhookUrl: hook.url,
          webhookSecret: "handover-secret",
          route: { groupWaitMs: 100, groupIntervalMs: 300 },
          rules: { evaluationIntervalMs: 200, redis: { forMs: 0 } },
        },
      }),
      getLogger(["ct", "test", "system"]),
    );
    let cut = false;
    try {
      await redis.stop();
      cut = true;
      await waitFor(
        () => notified(hook).includes("RedisUnreachable firing"),
        20_000,
        "RedisUnreachable notified while Redis is cut away",
      );
      assertEquals(hook.requests[0]!.signatureValid, true);
      redis.start();
      cut = false;
      await waitFor(
        () => notified(hook).includes("RedisUnreachable resolved"),
        20_000,
        "RedisUnreachable resolved once Redis is back",
      );
      const redisNotices = notified(hook).filter((n) => n.startsWith("RedisUnreachable"));
      assertEquals(redisNotices, ["RedisUnreachable firing", "RedisUnreachable resolved"]);
    } finally {
      if (cut) redis.start();
      await system.stop();
      await redis.stop();
      await hook.close();
      await Deno.remove(dataDir, { recursive: true });
      const admin = await connectAdmin();
      await deletePrefix(admin, prefix);
      await admin.close();
    }
  },
});
