import { createRedisBus } from "../bus/redis/mod.ts";
import { validateConfig } from "../config/mod.ts";
import { Supervisor } from "../supervisor/mod.ts";
import { assert, assertEquals } from "./assert.ts";
import { connectAdmin, deletePrefix, REDIS_URL } from "./fixtures/redis_bus_fixture.ts";
import {
  candleMessage,
  checkRelayStatus,
  collectAnalyses,
  firstArrivalsInOrder,
  fixtureSpec,
  testSupervisorOptions,
  waitFor,
} from "./supervisor_harness.ts";

/**
 * A supervisor running the relay fixture `spec` over Redis under a prefix of
 * its own, a bus client on the same prefix, and how to take both down.
 */
async function redisRelay(spec: string, intensity: number) {
  const prefix = `ct-test-${crypto.randomUUID()}`;
  const bus = { prefix, leaseMs: 1_000, claimIdleMs: 500 };
  const config = validateConfig({ redisUrl: REDIS_URL, bus, log: { level: "error" } });
  const client = await createRedisBus({ url: REDIS_URL, ...bus, blockMs: 200 });
  const admin = await connectAdmin();
  const supervisor = new Supervisor(testSupervisorOptions([fixtureSpec(spec, { id: "relay" })], {
    intensity,
    periodMs: 60_000,
    backoff: { initialMs: 20, maxMs: 100 },
    heartbeatTimeoutMs: 5_000,
    config,
  }));
  const dispose = async () => {
    await supervisor.stop();
    await client.close();
    await deletePrefix(admin, prefix);
    await admin.quit();
  };
  return { supervisor, client, dispose };
}

Deno.test("over Redis, an actor that crashes every 300th message is restarted and counts end to end prove nothing is lost", async () => {
  const { supervisor, client, dispose } = await redisRelay("relay.ts?crashEvery=300", 50);
  try {
    await client.declare("relay", ["candle"]);
    await client.declare("test-sink", ["analysis"]);
    const sink = await collectAnalyses(client);
    await supervisor.start();
    const total = 3_000;
    for (let n = 0; n < total / 6; n++) {
      for (let s = 0; s < 6; s++) await client.publish(candleMessage(s, n));
    }
    await waitFor(() => sink.ids.size === total, 60_000, `${total} distinct analyses`);
    const status = supervisor.status()[0]!;
    assert(status.restartsByReason.crash! >= 5, `expected crashes, saw ${JSON.stringify(status)}`);
    for (const [key, seqs] of sink.byKey) {
      assert(firstArrivalsInOrder(seqs), `order broken for ${key}`);
    }
    assertEquals((await client.deadLetters()).length, 0);
    await sink.sub.close();
  } finally {
    await dispose();
  }
});

Deno.test("over Redis, an actor's status counts the messages it handled and published, and its mailbox while it is behind", async () => {
  const { supervisor, client, dispose } = await redisRelay("relay.ts?slowMs=5", 5);
  try {
    await client.declare("relay", ["candle"]);
    await client.declare("test-sink", ["analysis"]);
    await supervisor.start();
    await checkRelayStatus(supervisor, client, 200);
  } finally {
    await dispose();
  }
});
