/**
 * The alerter killed mid-send (SIGKILL, a real process crash): every
 * notification is still delivered, at most once more, with the same
 * idempotency key. The alerter runs as its own OS process on the Redis bus,
 * as in a multi-host deployment.
 */
import { join } from "node:path";
import { createRedisBus } from "../bus/redis/mod.ts";
import { createMessage } from "../messages/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import { WebhookReceiver } from "./fakes/webhook_receiver.ts";
import { connectAdmin, deletePrefix, REDIS_URL } from "./fixtures/redis_bus_fixture.ts";
import { waitFor } from "./supervisor_harness.ts";

const SECRET = "crash-test-secret";

function spawnAlerter(configPath: string, env: Record<string, string>) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../main.ts", import.meta.url).pathname, "--config", configPath],
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  const read = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) log += chunk;
  };
  // Actors in workers log to stdout, the main thread to stderr.
  const reading = Promise.all([read(child.stdout), read(child.stderr)]);
  return {
    child,
    log: () => log,
    async stop(signal: Deno.Signal) {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
      await child.status;
      await reading;
    },
  };
}

Deno.test({
  name:
    "a crash of the alerter mid-send loses no notification and duplicates at most one, with the same key",
  sanitizeResources: false, // the hung request is released when the receiver closes
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "ct-alerter-crash-" });
    const prefix = `ct-test-crash-${crypto.randomUUID().slice(0, 8)}`;
    const hook = WebhookReceiver.start({ secret: SECRET });
    const admin = await connectAdmin();
    const configPath = join(dir, "config.json");
    await Deno.writeTextFile(
      configPath,
      JSON.stringify({
        actors: ["alerter"],
        dataDir: join(dir, "data"),
        api: { port: 0 },
        bus: { prefix },
        alerts: {
          route: { groupWaitMs: 50, groupIntervalMs: 60_000 },
          outbox: { timeoutMs: 1_000, backoffInitialMs: 100, backoffMaxMs: 500 },
        },
      }),
    );
    const env = {
      REDIS_URL,
      ALERT_WEBHOOK_URL: hook.url,
      ALERT_WEBHOOK_SECRET: SECRET,
      LOG_FORMAT: "json",
      NO_COLOR: "1",
    };
    const bus = await createRedisBus({ url: REDIS_URL, prefix });
    let alerter = spawnAlerter(configPath, env);
    try {
      await waitFor(() => alerter.log().includes("alert manager restored"), 30_000, "the alerter");
      // The first delivery reaches the receiver, which keeps its answer back:
      // sent, never marked sent.
      hook.fail({ kind: "hang" });
      const names = ["StaleData", "PriceMove", "RedisUnreachable"];
      for (const alertname of names) {
        await bus.publish(createMessage("alert", {
          labels: { alertname, severity: "warning" },
          annotations: { summary: `${alertname} for the crash test` },
          state: "firing",
          startsAt: Date.now(),
        }, { source: "test", key: `alert:${alertname}`, now: Date.now() }));
      }
      await waitFor(() => hook.requests.length >= 1, 15_000, "a delivery in flight");
      await alerter.stop("SIGKILL");
      const beforeCrash = hook.requests.length;

      alerter = spawnAlerter(configPath, env);
      const keysOf = (status?: number) =>
        hook.requests.filter((r) => status === undefined || r.status === status)
          .map((r) => r.headers.get("idempotency-key")!);
      await waitFor(
        () => new Set(keysOf(200)).size === names.length,
        30_000,
        "every notification delivered",
      );

      const delivered = keysOf(); // the hung request's body reached the receiver too
      const perKey = Object.groupBy(delivered, (k) => k);
      const duplicates = Object.values(perKey).filter((v) => v!.length > 1);
      assert(beforeCrash >= 1, "the crash happened with a delivery in flight");
      assertEquals(duplicates.length <= 1, true, `duplicates: ${JSON.stringify(perKey)}`);
      assert(
        duplicates.every((d) => d!.length === 2),
        `at most one extra copy: ${JSON.stringify(perKey)}`,
      );
      assertEquals(new Set(delivered).size, names.length, "one key per notification");
      assert(hook.requests.every((r) => r.signatureValid), "every delivery was signed");
      const alertnames = hook.requests.filter((r) => r.status === 200)
        .flatMap((r) =>
          JSON.parse(r.body).alerts.map((a: { labels: { alertname: string } }) =>
            a.labels.alertname
          )
        );
      assertEquals(alertnames.sort(), [...names].sort());
    } finally {
      await alerter.stop("SIGTERM");
      await bus.close();
      await hook.close();
      await deletePrefix(admin, prefix);
      await admin.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
