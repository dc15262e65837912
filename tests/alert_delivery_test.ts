/**
 * The alert manager and the outbox sender over a real store and a local
 * webhook receiver: what operators rely on at 3 a.m.
 */
import { getLogger } from "@logtape/logtape";
import { join } from "node:path";
import { AlertManager } from "../alerting/alert_manager.ts";
import { alertingConfigSchema } from "../alerting/config.ts";
import type { Alert } from "../alerting/model.ts";
import { createNotifiers } from "../alerting/notifiers.ts";
import { OutboxSender } from "../alerting/outbox/sender.ts";
import { ManualClock } from "../lib/clock.ts";
import { openSqliteStore, type Store } from "../store/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import { WebhookReceiver } from "./fakes/webhook_receiver.ts";

const log = getLogger(["ct", "test", "alerting"]);
const T0 = Date.UTC(2026, 0, 1);

interface Rig {
  store: Store;
  clock: ManualClock;
  hook: WebhookReceiver;
  config: ReturnType<typeof alertingConfigSchema.parse>;
  manager: AlertManager;
  sender: OutboxSender;
  /** Re-opens the manager and sender over the same store, as after a crash. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function rig(overrides: Record<string, unknown> = {}): Promise<Rig> {
  const dir = await Deno.makeTempDir({ prefix: "ct-alert-delivery-" });
  const store = await openSqliteStore({ dataDir: join(dir, "db") });
  await store.migrate();
  const clock = new ManualClock(T0);
  const hook = WebhookReceiver.start({ secret: "hook-secret" });
  const config = alertingConfigSchema.parse({
    webhookUrl: hook.url,
    webhookSecret: "hook-secret",
    route: { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 3_600_000 },
    outbox: { backoffInitialMs: 1_000, backoffMaxMs: 8_000, maxAttempts: 3, timeoutMs: 2_000 },
    ...overrides,
  });
  const notifiers = createNotifiers(config);
  const build = async () => {
    const sender = new OutboxSender({
      store: store.alerts,
      notifiers: notifiers.byChannel,
      clock,
      log,
      maxAttempts: config.outbox.maxAttempts,
      backoff: { initialMs: config.outbox.backoffInitialMs, maxMs: config.outbox.backoffMaxMs },
      leaseMs: 60_000,
      random: () => 1,
      ratePerMinute: { webhook: 6_000 },
    });
    const manager = await AlertManager.open({ store: store.alerts, config, log }, clock.now());
    return { sender, manager };
  };
  const r: Rig = {
    store,
    clock,
    hook,
    config,
    ...await build(),
    async restart() {
      Object.assign(r, await build());
    },
    async close() {
      await hook.close();
      await notifiers.close();
      await store.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
  return r;
}

const firing = (name: string, extra: Record<string, string> = {}): Alert => ({
  labels: { alertname: name, severity: "warning", ...extra },
  annotations: { summary: `${name} is happening` },
  state: "firing",
  startsAt: T0,
});

const send = (r: Rig) => r.sender.sendDue(new AbortController().signal);
const bodies = (r: Rig) =>
  r.hook.requests.filter((q) => q.status === 200).map((q) => JSON.parse(q.body));

Deno.test("alerts arriving within group_wait go out as one signed, stored notification", async () => {
  const r = await rig();
  try {
    await r.manager.receive(firing("StaleData", { symbol: "BTC/USDT" }), r.clock.now());
    r.clock.advance(10_000);
    await r.manager.receive(firing("StaleData", { symbol: "ETH/USDT" }), r.clock.now());
    await r.manager.tick(r.clock.now());
    assertEquals((await r.store.alerts.outbox()).length, 0, "nothing before group_wait");
    r.clock.advance(20_000);
    await r.manager.tick(r.clock.now());
    const [row, ...rest] = await r.store.alerts.outbox();
    assertEquals(rest, []);
    assertEquals(row!.status, "pending");
    await send(r);
    const [body] = bodies(r);
    assertEquals(body.status, "firing");
    assertEquals(body.alerts.map((a: Alert) => a.labels.symbol).sort(), ["BTC/USDT", "ETH/USDT"]);
    assertEquals(body.idempotencyKey, row!.id);
    assert(r.hook.requests[0]!.signatureValid, "the receiver verified X-Signature");
    assertEquals((await r.store.alerts.outbox())[0]!.status, "sent");
  } finally {
    await r.close();
  }
});

Deno.test("an alert resolved within group_wait is never sent", async () => {
  const r = await rig();
  try {
    await r.manager.receive(firing("PriceMove"), r.clock.now());
    r.clock.advance(5_000);
    await r.manager.receive(
      { ...firing("PriceMove"), state: "resolved", endsAt: r.clock.now() },
      r.clock.now(),
    );
    r.clock.advance(60_000);
    await r.manager.tick(r.clock.now());
    assertEquals(await r.store.alerts.outbox(), []);
    assertEquals((await r.store.alerts.list())[0]!.state, "resolved");
  } finally {
    await r.close();
  }
});

Deno.test("a restarted alert manager does not resend a notified group before repeat_interval", async () => {
  const r = await rig();
  try {
    await r.manager.receive(firing("ActorDown", { actor: "collector" }), r.clock.now());
    r.clock.advance(30_000);
    await r.manager.tick(r.clock.now());
    assertEquals((await r.store.alerts.outbox()).length, 1);
    await r.restart();
    r.clock.advance(30_000);
    await r.manager.tick(r.clock.now());
    assertEquals((await r.store.alerts.outbox()).length, 1, "the notification log remembers");
    r.clock.advance(3_600_000);
    // Rules re-send firing alerts; without that the resolve timeout would end it.
    await r.manager.receive(firing("ActorDown", { actor: "collector" }), r.clock.now());
    await r.manager.tick(r.clock.now());
    assertEquals((await r.store.alerts.outbox()).length, 2, "repeat_interval elapsed");
  } finally {
    await r.close();
  }
});

Deno.test("an alert that resolves while the alerter is down is reported resolved after the restart", async () => {
  const r = await rig();
  try {
    await r.manager.receive(firing("BusBacklog"), r.clock.now());
    r.clock.advance(30_000);
    await r.manager.tick(r.clock.now());
    // Resolved and stored, then a crash before any flush carried it.
    await r.manager.receive(
      { ...firing("BusBacklog"), state: "resolved", endsAt: r.clock.now() },
      r.clock.now(),
    );
    await r.restart();
    r.clock.advance(300_000);
    await r.manager.tick(r.clock.now());
    await send(r);
    assertEquals(bodies(r).map((b) => b.status), ["firing", "resolved"]);
  } finally {
    await r.close();
  }
});

Deno.test("an alert re-sent more often than the heartbeat survives a restart still firing", async () => {
  const r = await rig({ resolveTimeoutMs: 120_000 });
  try {
    // Re-sent every 20 s for ten minutes, unchanged: most re-sends are not
    // written, yet the stored updatedAt must keep up or a restart would
    // think nobody re-sent it for ten minutes.
    for (let i = 0; i <= 30; i++) {
      await r.manager.receive(firing("StaleData"), r.clock.now());
      await r.manager.tick(r.clock.now());
      r.clock.advance(20_000);
    }
    await r.restart();
    await r.manager.tick(r.clock.now());
    assertEquals((await r.store.alerts.list()).map((a) => a.state), ["firing"]);
  } finally {
    await r.close();
  }
});

Deno.test("an alert nobody re-sends resolves after resolve_timeout and the receiver hears of it", async () => {
  const r = await rig({ resolveTimeoutMs: 120_000 });
  try {
    await r.manager.receive(firing("ActorFailed", { actor: "strategy" }), r.clock.now());
    r.clock.advance(30_000);
    await r.manager.tick(r.clock.now());
    r.clock.advance(300_000);
    await r.manager.tick(r.clock.now());
    const [stored] = await r.store.alerts.list();
    assertEquals(stored!.state, "resolved");
    assertEquals(stored!.endsAt, T0 + 120_000);
    await send(r);
    assertEquals(bodies(r).map((b) => b.status), ["firing", "resolved"]);
  } finally {
    await r.close();
  }
});

Deno.test("a silence mutes what it matches and an ack stops repeats", async () => {
  const r = await rig();
  try {
    r.manager.silence({
      id: "s1",
      matchers: [{ name: "symbol", type: "=", value: "ETH/USDT" }],
      startsAt: T0,
      endsAt: T0 + 86_400_000,
      createdBy: "ops",
      comment: "maintenance",
      updatedAt: T0,
    });
    await r.manager.receive(firing("VolumeSpike", { symbol: "ETH/USDT" }), r.clock.now());
    const btc = await r.manager.receive(
      firing("VolumeSpike", { symbol: "BTC/USDT" }),
      r.clock.now(),
    );
    r.clock.advance(30_000);
    await r.manager.tick(r.clock.now());
    await send(r);
    const [first] = bodies(r);
    assertEquals(first.alerts.map((a: Alert) => a.labels.symbol), ["BTC/USDT"]);
    r.manager.ack(btc.fingerprint, "ops", r.clock.now());
    r.clock.advance(3_600_000);
    await r.manager.receive(firing("VolumeSpike", { symbol: "BTC/USDT" }), r.clock.now());
    await r.manager.tick(r.clock.now());
    assertEquals((await r.store.alerts.outbox()).length, 1, "acked: no repeat");
  } finally {
    await r.close();
  }
});

Deno.test("the outbox retries a failing webhook with backoff, honouring Retry-After, then delivers", async () => {
  const r = await rig();
  try {
    r.hook.fail({ kind: "5xx" });
    r.hook.fail({ kind: "429", retryAfter: "20" });
    await r.manager.receive(firing("RedisDown"), r.clock.now());
    r.clock.advance(30_000);
    await r.manager.tick(r.clock.now());
    await send(r);
    let [row] = await r.store.alerts.outbox();
    assertEquals([row!.status, row!.attempts, row!.nextAttemptAt - r.clock.now()], [
      "pending",
      1,
      1_000,
    ]);
    assert(row!.lastError?.includes("500"), `last error names the status: ${row!.lastError}`);
    r.clock.advance(1_000);
    await send(r);
    [row] = await r.store.alerts.outbox();
    assertEquals(
      [row!.attempts, row!.nextAttemptAt - r.clock.now()],
      [2, 20_000],
      "Retry-After wins",
    );
    r.clock.advance(19_999);
    assertEquals(await send(r), 0, "not due before Retry-After");
    r.clock.advance(1);
    await send(r);
    [row] = await r.store.alerts.outbox();
    assertEquals([row!.status, row!.attempts], ["sent", 2]);
    const keys = r.hook.requests.map((q) => q.headers.get("idempotency-key"));
    assertEquals(new Set(keys).size, 1, "every attempt carries the same idempotency key");
  } finally {
    await r.close();
  }
});

Deno.test("the outbox dead-letters after max attempts and keeps the last error", async () => {
  const r = await rig();
  try {
    r.hook.fail({ kind: "5xx", status: 503 });
    r.hook.fail({ kind: "5xx", status: 502 });
    r.hook.fail({ kind: "5xx" });
    await r.manager.receive(firing("DiskFull"), r.clock.now());
    r.clock.advance(30_000);
    await r.manager.tick(r.clock.now());
    for (let i = 0; i < 3; i++) {
      await send(r);
      r.clock.advance(10_000);
    }
    const [row] = await r.store.alerts.outbox();
    assertEquals([row!.status, row!.attempts], ["dead", 3]);
    assert(row!.lastError?.includes("500"), `last error: ${row!.lastError}`);
    assertEquals(await send(r), 0, "a dead row is not claimed again");
  } finally {
    await r.close();
  }
});

Deno.test("a webhook URL that refuses connections is retried, not dropped", async () => {
  const r = await rig({ webhookUrl: "http://127.0.0.1:9/refused" });
  try {
    await r.manager.receive(firing("Unreachable"), r.clock.now());
    r.clock.advance(30_000);
    await r.manager.tick(r.clock.now());
    await send(r);
    const [row] = await r.store.alerts.outbox();
    assertEquals([row!.status, row!.attempts], ["pending", 1]);
  } finally {
    await r.close();
  }
});
