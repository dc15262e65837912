import { getLogger } from "@logtape/logtape";
import { Hono } from "hono";
import { assertEquals } from "../../../tests/assert.ts";
import type { ApiEnv } from "../../deps.ts";
import {
  createMemoryRateLimitStore,
  rateLimit,
  rateLimitHeaders,
  type RateLimitStore,
} from "./mod.ts";

function app(
  limit: number,
  now: () => number,
  store: RateLimitStore = createMemoryRateLimitStore(),
) {
  const a = new Hono<ApiEnv>();
  a.use(rateLimit({
    limit,
    store,
    now,
    logger: getLogger(["ct", "test", "ratelimit"]),
    clientKey: (c) => c.req.header("X-Client") ?? "anon",
  }));
  a.get("/", (c) => c.text("ok"));
  return a;
}

Deno.test("the memory store counts per key within a window and starts over in the next", async () => {
  const store = createMemoryRateLimitStore();
  assertEquals(await store.hit("a", 60_000, 1_000), { count: 1, resetAt: 60_000 });
  assertEquals(await store.hit("a", 60_000, 59_999), { count: 2, resetAt: 60_000 });
  assertEquals(await store.hit("b", 60_000, 59_999), { count: 1, resetAt: 60_000 });
  assertEquals(await store.hit("a", 60_000, 60_000), { count: 1, resetAt: 120_000 });
});

Deno.test("headers give the remaining count, seconds to reset and the reset epoch", () => {
  assertEquals(rateLimitHeaders(3, { count: 5, resetAt: 120_000 }, 90_500), {
    "RateLimit-Limit": "3",
    "RateLimit-Remaining": "0",
    "RateLimit-Reset": "30",
    "X-RateLimit-Limit": "3",
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Reset": "120",
  });
});

Deno.test("past the limit a client gets 429 with Retry-After until the window turns", async () => {
  let now = 10_000;
  const a = app(2, () => now);
  assertEquals((await a.request("/")).headers.get("RateLimit-Remaining"), "1");
  assertEquals((await a.request("/")).headers.get("RateLimit-Remaining"), "0");
  const limited = await a.request("/");
  assertEquals(limited.status, 429);
  assertEquals(limited.headers.get("Retry-After"), "50");
  assertEquals(limited.headers.get("X-RateLimit-Remaining"), "0");
  now = 60_000;
  assertEquals((await a.request("/")).status, 200);
});

Deno.test("a failing store lets requests through instead of failing them", async () => {
  const broken: RateLimitStore = {
    hit: () => Promise.reject(new Error("redis down")),
    close: () => Promise.resolve(),
  };
  const res = await app(1, () => 0, broken).request("/");
  assertEquals([res.status, res.headers.get("RateLimit-Limit")], [200, null]);
});
