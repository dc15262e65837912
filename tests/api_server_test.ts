/**
 * The API on a real socket: `serveApi` over `Deno.serve` on port 0 called
 * with `fetch`, the start-up warning about an unprotected API, and the
 * system's wiring (`startSystem` serves it and stops it).
 */
import { getLogger, type LogRecord } from "@logtape/logtape";
import { Hono } from "hono";
import { openApiFixture } from "../api/_test_support.ts";
import { clientAddress } from "../api/client.ts";
import type { ApiApp } from "../api/deps.ts";
import { serveApi } from "../api/mod.ts";
import { validateConfig } from "../config/mod.ts";
import { startSystem } from "../system/run.ts";
import { assert, assertEquals } from "./assert.ts";
import { captureLogs } from "./log_capture.ts";

Deno.test("the API answers over a real socket, limiting by the peer's address", async () => {
  const f = await openApiFixture({ api: { rateLimitPerMinute: 3 } });
  const app = f.build({
    deps: { extraRoutes: (a) => a.get("/whoami", (c) => c.text(clientAddress(c))) },
  });
  const server = serveApi({
    app,
    api: { host: "127.0.0.1", port: 0 },
    logger: getLogger(["ct", "test", "api"]),
  });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    assertEquals(await (await fetch(`${base}/whoami`)).text(), "127.0.0.1");
    const first = await fetch(`${base}/api/v1/trades?limit=2`, {
      headers: { "X-Request-Id": "socket-1" },
    });
    assertEquals(first.status, 200);
    assertEquals(first.headers.get("X-Request-Id"), "socket-1");
    assertEquals(first.headers.get("RateLimit-Remaining"), "2");
    assertEquals((await first.json()).trades.length, 2);

    const restart = await fetch(`${base}/api/v1/actors/collector/restart`, { method: "POST" });
    assertEquals(restart.status, 202);
    await restart.body?.cancel();
    assertEquals(f.actors.restarted, ["collector"]);

    const bad = await fetch(`${base}/api/v1/candles?symbol=nope`);
    assertEquals(bad.status, 400);
    assertEquals(bad.headers.get("RateLimit-Remaining"), "0");
    await bad.body?.cancel();
    const limited = await fetch(`${base}/api/v1/watchlist`);
    assertEquals([limited.status, limited.headers.get("Retry-After") !== null], [429, true]);
    await limited.body?.cancel();
  } finally {
    await server.shutdown();
    await f.close();
  }
});

Deno.test("startSystem serves the API beside the actors and stops it with them", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "ct-api-system-" });
  const config = validateConfig({
    dataDir,
    actors: ["alerter"],
    api: { port: 0 },
    log: { level: "error" },
    supervisor: { statusIntervalMs: 3_600_000 },
  });
  const system = await startSystem(config, getLogger(["ct", "test", "system"]));
  let stopped = false;
  try {
    const base = `http://127.0.0.1:${system.server.addr.port}`;
    const res = await fetch(`${base}/api/v1/actors`);
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals(body.actors.map((a: { id: string }) => a.id), ["alerter"]);
    assert(body.topics !== null, "the in-process bus reports its counters");
    const docs = await fetch(`${base}/docs`);
    assertEquals(docs.status, 200);
    await docs.body?.cancel();
    await system.stop();
    stopped = true;
    const refused = await fetch(`${base}/api/v1/actors`).then(
      async (r) => {
        await r.body?.cancel();
        return false;
      },
      () => true,
    );
    assert(refused, "the port is closed after stop()");
  } finally {
    if (!stopped) await system.stop();
    await Deno.remove(dataDir, { recursive: true });
  }
});

async function startAndLog(
  api: { host: string; port: number; apiKey?: string },
): Promise<LogRecord[]> {
  await using logs = await captureLogs(["ct", "test", "serve"], "info");
  const app = new Hono().get("/", (c) => c.text("up")) as unknown as ApiApp;
  const server = serveApi({ app, api, logger: getLogger(["ct", "test", "serve"]) });
  try {
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/`);
    assertEquals(await res.text(), "up");
  } finally {
    await server.shutdown();
  }
  return logs.records;
}

Deno.test("an API without a key listening on every address warns at start-up, before it listens", async () => {
  const records = await startAndLog({ host: "0.0.0.0", port: 0 });
  const warning = records.findIndex((r) => r.level === "warning");
  assert(warning >= 0, "no warning was logged");
  const text = records[warning]!.message.join("");
  assert(text.includes("NO API key") && text.includes("0.0.0.0"), text);
  const listening = records.findIndex((r) => r.message.join("").startsWith("API listening"));
  assert(warning < listening, "the warning comes first");
});

Deno.test("an API with a key, or on loopback only, starts without a warning", async () => {
  for (
    const api of [{ host: "0.0.0.0", port: 0, apiKey: "k".repeat(16) }, {
      host: "127.0.0.1",
      port: 0,
    }]
  ) {
    const records = await startAndLog(api);
    assertEquals(records.filter((r) => r.level === "warning").length, 0, api.host);
    assert(records.some((r) => r.message.join("").startsWith("API listening")));
  }
});
