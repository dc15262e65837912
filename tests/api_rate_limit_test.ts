/**
 * Rate limiting through the whole app (in-process store): the 61st request,
 * independent clients, key buckets, headers on every answer; extra routes
 * outside the limit and the per-request hook.
 */
import { openApiFixture } from "../api/_test_support.ts";
import type { RequestInfo } from "../api/deps.ts";
import { validateConfig } from "../config/mod.ts";
import { assert, assertEquals } from "./assert.ts";

const KEY = "test-api-key-0123456789";
const RESTART = "/api/v1/actors/analyzer/restart";
const from = (ip: string) => ({ remoteAddr: { hostname: ip, port: 40_000, transport: "tcp" } });
const RATE_HEADERS = [
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
];

Deno.test("the 61st request in a minute is refused with 429 and Retry-After", async () => {
  let now = Date.UTC(2024, 0, 1, 12, 0, 15);
  const f = await openApiFixture({ api: { rateLimitPerMinute: 60 }, now: () => now });
  try {
    for (let i = 1; i <= 60; i++) {
      const res = await f.app.request("/api/v1/watchlist", {}, from("10.0.0.1"));
      assertEquals(res.status, 200);
      assertEquals(res.headers.get("RateLimit-Remaining"), String(60 - i));
      await res.body?.cancel();
    }
    const refused = await f.app.request("/api/v1/watchlist", {}, from("10.0.0.1"));
    assertEquals(refused.status, 429);
    for (const h of RATE_HEADERS) assert(refused.headers.get(h) !== null, h);
    assertEquals(refused.headers.get("Retry-After"), "45");
    assertEquals(refused.headers.get("RateLimit-Reset"), "45");
    assertEquals(
      refused.headers.get("X-RateLimit-Reset"),
      String(Date.UTC(2024, 0, 1, 12, 1) / 1000),
    );
    const body = await refused.json();
    assert(body.error.includes("60 requests per minute"), body.error);
    assertEquals(body.requestId, refused.headers.get("X-Request-Id"));

    const other = await f.app.request("/api/v1/watchlist", {}, from("10.0.0.2"));
    assertEquals([other.status, other.headers.get("RateLimit-Remaining")], [200, "59"]);
    await other.body?.cancel();

    now += 45_000;
    const later = await f.app.request("/api/v1/watchlist", {}, from("10.0.0.1"));
    assertEquals([later.status, later.headers.get("RateLimit-Remaining")], [200, "59"]);
    await later.body?.cancel();
  } finally {
    await f.close();
  }
});

Deno.test("every answer carries the rate-limit headers, errors included", async () => {
  const f = await openApiFixture({ api: { rateLimitPerMinute: 60, apiKey: KEY } });
  try {
    const answers = [
      await f.app.request("/api/v1/candles?limit=5"),
      await f.app.request("/no/such/route"),
      await f.app.request(RESTART, { method: "POST" }),
      await f.app.request("/openapi.json"),
    ];
    assertEquals(answers.map((r) => r.status), [400, 404, 401, 200]);
    for (const res of answers) {
      for (const h of RATE_HEADERS) assert(res.headers.get(h) !== null, `${res.status} ${h}`);
      await res.body?.cancel();
    }
  } finally {
    await f.close();
  }
});

Deno.test("a valid key has its own bucket; invalid keys count against the IP", async () => {
  const f = await openApiFixture({ api: { rateLimitPerMinute: 2, apiKey: KEY } });
  try {
    const call = (auth?: string) =>
      f.app.request("/api/v1/watchlist", {
        headers: auth ? { Authorization: `Bearer ${auth}` } : {},
      }, from("10.0.0.9"));
    const statuses = [];
    for (const auth of [undefined, "guess-1", "guess-2", KEY, KEY, KEY]) {
      const res = await call(auth);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assertEquals(statuses, [200, 200, 429, 200, 200, 429]);
  } finally {
    await f.close();
  }
});

Deno.test("extra routes skip limits and keys; onRequest sees route templates", async () => {
  const seen: RequestInfo[] = [];
  const f = await openApiFixture({
    api: { rateLimitPerMinute: 1, apiKey: KEY, protectReads: true },
  });
  try {
    const app = f.build({
      deps: {
        onRequest: (i) => seen.push(i),
        extraRoutes: (a, kit) => {
          a.get("/health", (c) => c.json({ status: "ok" }));
          a.get("/metrics", kit.auth, (c) => c.text("up 1"));
        },
      },
    });
    for (let i = 0; i < 3; i++) assertEquals((await app.request("/health")).status, 200);
    assertEquals((await app.request("/metrics")).status, 401);
    const scraped = await app.request("/metrics", { headers: { Authorization: `Bearer ${KEY}` } });
    assertEquals([scraped.status, await scraped.text()], [200, "up 1"]);
    const auth = { headers: { Authorization: `Bearer ${KEY}` } };
    assertEquals(
      (await app.request("/api/v1/actors/collector/restart", { method: "POST", ...auth })).status,
      202,
    );
    assertEquals(
      (await app.request("/api/v1/actors/x/restart", { method: "POST", ...auth })).status,
      429,
    );
    // A fresh IP bucket, then auth: unknown paths do not reveal themselves without the key.
    assertEquals((await app.request("/favicon.ico")).status, 401);
    assertEquals(seen.map((i) => `${i.method} ${i.route} ${i.status}`), [
      "GET /health 200",
      "GET /health 200",
      "GET /health 200",
      "GET /metrics 401",
      "GET /metrics 200",
      "POST /api/v1/actors/:id/restart 202",
      "POST /api/v1/actors/:id/restart 429",
      "GET (unmatched) 401",
    ]);
    assert(seen.every((i) => i.seconds >= 0 && i.seconds < 5));
  } finally {
    await f.close();
  }
});

Deno.test("behind a trusted proxy each forwarded client has its own bucket; elsewhere the header is ignored", async () => {
  const f = await openApiFixture({
    api: { rateLimitPerMinute: 2, trustedProxies: ["10.0.0.0/8"] },
  });
  const remaining = async (peer: string, forwardedFor?: string) => {
    const headers = forwardedFor ? { "X-Forwarded-For": forwardedFor } : undefined;
    const res = await f.app.request("/api/v1/watchlist", { headers }, from(peer));
    await res.body?.cancel();
    return res.headers.get("RateLimit-Remaining");
  };
  try {
    // Through the proxy 10.0.0.5: two clients, one bucket each.
    assertEquals(await remaining("10.0.0.5", "203.0.113.7"), "1");
    assertEquals(await remaining("10.0.0.5", "203.0.113.8"), "1");
    assertEquals(await remaining("10.0.0.5", "203.0.113.7"), "0");
    // A spoofed hop in front of the client's own address counts for nothing.
    assertEquals(await remaining("10.0.0.5", "198.51.100.1, 203.0.113.8"), "0");
    // A peer that is not a trusted proxy is the client, whatever it claims.
    assertEquals(await remaining("192.0.2.9", "203.0.113.99"), "1");
    assertEquals(await remaining("192.0.2.9", "203.0.113.100"), "0");
  } finally {
    await f.close();
  }
});

Deno.test("a trusted proxy entry that is not an address, range or name is refused at start-up", () => {
  let message = "";
  try {
    validateConfig({ api: { trustedProxies: ["10.0.0.0/99"] } });
  } catch (e) {
    message = String(e);
  }
  assert(message.includes("api.trustedProxies"), message);
  assert(message.includes("10.0.0.0/99"), message);
});
