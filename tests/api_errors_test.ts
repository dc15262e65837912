/**
 * Request ids and error answers through the whole app: ids kept, replaced
 * and echoed; 500 without internals; 503 with Retry-After while storage is
 * unreachable; 503 on a stuck handler, 413 on a big
 * body; odd input answered at once.
 */
import { openApiFixture } from "../api/_test_support.ts";
import {
  StoreBusyError,
  StoreConnectionError,
  StoreFullError,
  StoreTimeoutError,
} from "../store/mod.ts";
import { assert, assertEquals } from "./assert.ts";

const RESTART = "/api/v1/actors/analyzer/restart";

Deno.test("request ids: a sane one is kept, a bad one replaced, a new one echoed", async () => {
  const f = await openApiFixture();
  try {
    const kept = await f.app.request("/api/v1/watchlist", {
      headers: { "X-Request-Id": "abc-123" },
    });
    assertEquals(kept.headers.get("X-Request-Id"), "abc-123");
    await kept.body?.cancel();
    const replaced = await f.app.request("/nope", { headers: { "X-Request-Id": "bad id\t!" } });
    const id = replaced.headers.get("X-Request-Id") ?? "";
    assert(/^[0-9a-f-]{36}$/.test(id), id);
    assertEquals((await replaced.json()).requestId, id);
    const fresh = await f.app.request("/api/v1/candles");
    const freshId = fresh.headers.get("X-Request-Id");
    assert(freshId !== null && freshId !== id);
    assertEquals((await fresh.json()).requestId, freshId);
  } finally {
    await f.close();
  }
});

Deno.test("while storage is unreachable or busy a route answers 503 with Retry-After, naming no hosts", async () => {
  const f = await openApiFixture();
  try {
    const target = "postgres://ct:***@db.internal:5432/ct";
    for (
      const [error, name] of [
        [
          new StoreConnectionError(target, new Error("connect ECONNREFUSED")),
          "StoreConnectionError",
        ],
        [new StoreBusyError("/data/ct.db", new Error("database is locked")), "StoreBusyError"],
        [
          new StoreTimeoutError(target, "trades.list", 30_000, new Error("canceling statement")),
          "StoreTimeoutError",
        ],
        [new StoreFullError(target, new Error("could not extend file")), "StoreFullError"],
      ] as const
    ) {
      const app = f.build({ deps: { store: { ...f.store, trades: () => Promise.reject(error) } } });
      const res = await app.request("/api/v1/trades");
      assertEquals(res.status, 503);
      assertEquals(res.headers.get("Retry-After"), "5");
      const body = await res.json();
      assertEquals(body, {
        error: `temporarily unavailable (${name}); retry in 5 s`,
        requestId: res.headers.get("X-Request-Id"),
      });
    }
  } finally {
    await f.close();
  }
});

Deno.test("an unexpected failure answers 500 with the request id and no internals", async () => {
  const f = await openApiFixture();
  try {
    const app = f.build({
      deps: {
        store: { ...f.store, trades: () => Promise.reject(new Error("disk on fire at /var/x")) },
      },
    });
    const res = await app.request("/api/v1/trades");
    assertEquals(res.status, 500);
    const text = await res.text();
    assert(!text.includes("disk on fire") && !text.includes("at "), text);
    assertEquals(JSON.parse(text), {
      error: "internal server error",
      requestId: res.headers.get("X-Request-Id"),
    });
  } finally {
    await f.close();
  }
});

Deno.test("a stuck handler answers 503 in time and an oversized body 413", async () => {
  const f = await openApiFixture();
  try {
    const app = f.build({
      deps: {
        handlerTimeoutMs: 30,
        bodyLimitBytes: 100,
        store: { ...f.store, signals: () => new Promise(() => {}) },
      },
    });
    const stuck = await app.request("/api/v1/signals");
    assertEquals(stuck.status, 503);
    assertEquals((await stuck.json()).error, "the handler did not finish within 30 ms");
    const big = await app.request(RESTART, { method: "POST", body: "x".repeat(101) });
    assertEquals(big.status, 413);
    await big.body?.cancel();
  } finally {
    await f.close();
  }
});

Deno.test("odd input never hangs the server: each answers at once", async () => {
  const f = await openApiFixture();
  try {
    const paths = [
      "/api/v1/candles?symbol=%E0%A4%A&timeframe=1m",
      "/api/v1/candles?symbol=%&timeframe=%%",
      `/api/v1/candles?symbol=${"A".repeat(20_000)}/USDT&timeframe=1m`,
      "/api/v1/signals?cursor=%00%01",
      "/api/v1/actors/%2e%2e%2f/restart",
      "/api/v1//candles",
    ];
    for (const p of paths) {
      const res = await f.app.request(p, p.includes("restart") ? { method: "POST" } : {});
      assert([400, 404].includes(res.status), `${p.slice(0, 80)} → ${res.status}`);
      await res.body?.cancel();
    }
    const badJson = await f.app.request(RESTART, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{not json",
    });
    assertEquals(badJson.status, 202);
    await badJson.body?.cancel();
  } finally {
    await f.close();
  }
});
