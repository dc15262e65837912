/**
 * Rate limiting shared through the real Redis (127.0.0.1:6379): two app
 * instances with the same key prefix share one budget per client, and a
 * running system configured with `REDIS_URL` counts its limit there; while
 * Redis is cut off, each process limits on its own.
 */
import { getLogger } from "@logtape/logtape";
import { createClient } from "redis";
import { openApiFixture } from "../api/_test_support.ts";
import { createMemoryRateLimitStore, createRedisRateLimitStore, withFallback } from "../api/mod.ts";
import { validateConfig } from "../config/mod.ts";
import { startSystem } from "../system/run.ts";
import { assert, assertEquals, assertRejects } from "./assert.ts";
import { captureLogs } from "./log_capture.ts";
import { TcpForwarder } from "./tcp_forwarder.ts";

const REDIS_URL = "redis://127.0.0.1:6379";
const from = (ip: string) => ({ remoteAddr: { hostname: ip, port: 40_000, transport: "tcp" } });

async function deleteKeys(prefix: string): Promise<number> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    let deleted = 0;
    for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 100 })) {
      if (keys.length > 0) deleted += await client.del(keys);
    }
    return deleted;
  } finally {
    await client.close();
  }
}

Deno.test("two app instances over one Redis share each client's limit", async () => {
  const prefix = `ct-test-${crypto.randomUUID()}`;
  const now = Date.UTC(2024, 0, 1, 12, 0, 30);
  const storeA = await createRedisRateLimitStore({ url: REDIS_URL, prefix });
  const storeB = await createRedisRateLimitStore({ url: REDIS_URL, prefix });
  const f = await openApiFixture({ api: { rateLimitPerMinute: 5 }, now: () => now });
  try {
    const a = f.build({ deps: { rateLimitStore: storeA } });
    const b = f.build({ deps: { rateLimitStore: storeB } });
    const statuses: number[] = [];
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await (i % 2 === 0 ? a : b).request("/api/v1/watchlist", {}, from("10.1.1.1"));
      statuses.push(res.status);
      remaining.push(res.headers.get("RateLimit-Remaining"));
      if (res.status === 429) assertEquals(res.headers.get("Retry-After"), "30");
      await res.body?.cancel();
    }
    assertEquals(statuses, [200, 200, 200, 200, 200, 429]);
    assertEquals(remaining, ["4", "3", "2", "1", "0", "0"]);

    const other = await b.request("/api/v1/watchlist", {}, from("10.1.1.2"));
    assertEquals([other.status, other.headers.get("RateLimit-Remaining")], [200, "4"]);
    await other.body?.cancel();

    const probe = createClient({ url: REDIS_URL });
    await probe.connect();
    try {
      const key = `${prefix}:ratelimit:ip:10.1.1.1:${Date.UTC(2024, 0, 1, 12)}`;
      assertEquals(await probe.get(key), "6");
      // The window's key lives until a second after the window: 30 s + 1 s from `now`.
      const ttl = await probe.pTTL(key);
      assert(ttl > 25_000 && ttl <= 31_000, String(ttl));
    } finally {
      await probe.close();
    }
  } finally {
    await f.close();
    await storeA.close();
    await storeB.close();
    assert((await deleteKeys(prefix)) >= 2);
    assertEquals(await deleteKeys(prefix), 0);
  }
});

Deno.test("while Redis is cut off the API still answers with rate-limit headers, limiting per process, and counts in Redis once it is back", async () => {
  const prefix = `ct-test-${crypto.randomUUID()}`;
  let now = Date.UTC(2024, 0, 1, 12, 0, 10);
  const key = `${prefix}:ratelimit:ip:10.1.1.1:${Date.UTC(2024, 0, 1, 12)}`;
  await using logs = await captureLogs(["ct", "test", "ratelimit"], "info");
  const logger = getLogger(["ct", "test", "ratelimit"]);
  const proxy = new TcpForwarder({ hostname: "127.0.0.1", port: 6379 });
  proxy.start();
  const store = withFallback({
    primary: await createRedisRateLimitStore({
      url: `redis://127.0.0.1:${proxy.port}`,
      prefix,
      timeoutMs: 300,
      logger,
    }),
    fallback: createMemoryRateLimitStore(),
    retryMs: 100,
    logger,
  });
  const f = await openApiFixture({ api: { rateLimitPerMinute: 3 }, now: () => now });
  const probe = createClient({ url: REDIS_URL });
  await probe.connect();
  const request = async () => {
    // A bound far above the store's 300 ms timeout: before, a cut-off Redis held requests until it came back.
    const res = await Promise.race([
      f.build({ deps: { rateLimitStore: store } }).request(
        "/api/v1/watchlist",
        {},
        from("10.1.1.1"),
      ),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("request held while Redis is cut off")), 5_000)
      ),
    ]);
    await res.body?.cancel();
    return [res.status, res.headers.get("RateLimit-Remaining")];
  };
  try {
    assertEquals(await request(), [200, "2"]);
    await proxy.stop();
    // Counted from zero in this process: the limit still holds, headers and all. Each
    // request comes past retryMs, so each asks the cut-off Redis again first.
    const cut = [];
    for (let i = 0; i < 4; i++) {
      now += 150;
      cut.push(await request());
    }
    assertEquals(cut, [[200, "2"], [200, "1"], [200, "0"], [429, "0"]]);
    assertEquals(await probe.get(key), "1", "nothing reached Redis meanwhile");

    proxy.start();
    // node-redis reconnects with a backoff of up to 2 s; each hit past retryMs asks Redis again.
    const until = Date.now() + 10_000;
    while ((await probe.get(key)) === "1") {
      assert(Date.now() < until, "the API never counted in Redis again");
      now += 150;
      await request();
      await new Promise((r) => setTimeout(r, 50));
    }
    // The shared count goes on from where Redis left it: 2 hits so far, so one more, then 429.
    assertEquals(await request(), [200, "0"]);
    assertEquals(await request(), [429, "0"]);
    assertEquals(await probe.get(key), "4");
    // One line as the outage starts and one as it ends, from the connection and the fallback each.
    assertEquals(logs.records.map((r) => `${r.level} ${r.rawMessage}`.split(":")[0]).sort(), [
      "info rate-limit Redis {url} is connected again",
      "info rate-limit store answers again",
      "warning rate-limit Redis {url} failed, reconnecting",
      "warning rate-limit store failed",
    ]);
  } finally {
    await f.close();
    await store.close();
    await proxy.stop();
    await deleteKeys(prefix);
    await probe.close();
  }
});

Deno.test("a Redis rate-limit store that cannot connect says where it tried", async () => {
  await assertRejects(
    () => createRedisRateLimitStore({ url: "redis://:pw@127.0.0.1:1", prefix: "ct-test-none" }),
    "rate-limit store could not connect to Redis at redis://:***@127.0.0.1:1",
  );
});

Deno.test("with REDIS_URL set, a running system's API counts its rate limit in Redis and checks Redis for readiness", async () => {
  const prefix = `ct-test-${crypto.randomUUID()}`;
  const dataDir = await Deno.makeTempDir({ prefix: "ct-api-redis-" });
  const system = await startSystem(
    validateConfig({
      dataDir,
      redisUrl: REDIS_URL,
      bus: { prefix },
      actors: ["alerter"],
      api: { port: 0, rateLimitPerMinute: 2 },
      log: { level: "error" },
      supervisor: { statusIntervalMs: 3_600_000 },
    }),
    getLogger(["ct", "test", "system"]),
  );
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    const url = `http://127.0.0.1:${system.server.addr.port}/api/v1/watchlist`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(url);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assertEquals(statuses, [200, 200, 429]);
    const keys = await client.keys(`${prefix}:ratelimit:*`);
    assertEquals(keys.length, 1, `the limit's counter under ${prefix}: in Redis, not in memory`);
    assertEquals(await client.get(keys[0]!), "3");
    // Its readiness checks the Redis it was configured with.
    const ready = await (await fetch(`http://127.0.0.1:${system.server.addr.port}/ready`)).json();
    const redis = ready.checks.find((c: { name: string }) => c.name === "redis");
    assertEquals([redis?.ok, redis?.detail], [true, REDIS_URL]);
  } finally {
    await client.close();
    await system.stop();
    await Deno.remove(dataDir, { recursive: true });
    await deleteKeys(prefix);
  }
});
