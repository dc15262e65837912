/**
 * `/ready` of a real running system whose PostgreSQL and Redis are reached
 * through TCP forwarders the test stops and restarts: unreachable → 503
 * naming the failing check, back → 200.
 */
import { Hono } from "hono";
import postgres from "postgres";
import { createObservability, mountObservability } from "../api/metrics/mod.ts";
import type { ReadinessReport } from "../api/health/mod.ts";
import { openStore } from "../store/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { replayFile, startPipeline } from "./pipeline_harness.ts";
import { TcpForwarder } from "./tcp_forwarder.ts";

const PG = "postgres://postgres@127.0.0.1:5432";

async function readiness(app: Hono): Promise<{ status: number; body: ReadinessReport }> {
  const res = await app.request("/ready");
  return { status: res.status, body: await res.json() };
}

async function waitReady(app: Hono, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let last;
  while (Date.now() < until) {
    last = await readiness(app);
    if (last.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within ${ms} ms: ${JSON.stringify(last?.body)}`);
}

Deno.test({
  name: "readiness turns 503 while PostgreSQL or Redis is unreachable and 200 once it is back",
  sanitizeResources: false, // node:sqlite handles in workers close after the test's own check (as pipeline_test)
  async fn() {
    const name = `ct_test_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
    const admin = postgres(`${PG}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const pgProxy = new TcpForwarder({ hostname: "127.0.0.1", port: 5432 });
    const redisProxy = new TcpForwarder({ hostname: "127.0.0.1", port: 6379 });
    pgProxy.start();
    redisProxy.start();
    const file = await replayFile(300, "ready");
    const run = await startPipeline(file.path, 300);
    const store = await openStore({
      databaseUrl: `postgres://postgres@127.0.0.1:${pgProxy.port}/${name}`,
      connectTimeoutSeconds: 2,
      poolSize: 2,
    });
    const obs = createObservability({
      system: run.system,
      config: run.config,
      store,
      redisUrl: `redis://127.0.0.1:${redisProxy.port}`,
      checkTimeoutMs: 1_500,
    });
    const app = new Hono();
    mountObservability(app, obs);
    try {
      await waitReady(app, 30_000);
      const ok = (await readiness(app)).body;
      assertEquals(
        ok.checks.map((c) => c.name).sort(),
        [
          "actor:alerter",
          "actor:analyzer",
          "actor:collector",
          "actor:strategy",
          "exchange",
          "redis",
          "storage",
        ],
      );

      await pgProxy.stop();
      const down = await readiness(app);
      assertEquals(down.status, 503);
      assertEquals(down.body.status, "not_ready");
      assertEquals(down.body.failing, ["storage"]);
      const storage = down.body.checks.find((c) => c.name === "storage")!;
      assert(storage.detail && storage.ms < 1_500 + 200, JSON.stringify(storage));
      assertEquals((await app.request("/health")).status, 200);
      pgProxy.start();
      await waitReady(app, 10_000);

      await redisProxy.stop();
      const noRedis = await readiness(app);
      assertEquals(noRedis.status, 503);
      assertEquals(noRedis.body.failing, ["redis"]);
      assertStringIncludes(
        noRedis.body.checks.find((c) => c.name === "redis")!.detail!,
        `127.0.0.1:${redisProxy.port}`,
      );
      redisProxy.start();
      await waitReady(app, 10_000);
    } finally {
      await obs.close();
      await store.close();
      await run.system.stop();
      await pgProxy.stop();
      await redisProxy.stop();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await Deno.remove(file.path);
      await Deno.remove(run.dataDir, { recursive: true });
    }
  },
});
