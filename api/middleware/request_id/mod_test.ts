import { AsyncLocalStorage } from "node:async_hooks";
import { getLogger, type LogRecord } from "@logtape/logtape";
import { Hono } from "hono";
import { assert, assertEquals } from "../../../tests/assert.ts";
import { captureLogs } from "../../../tests/log_capture.ts";
import type { ApiEnv } from "../../deps.ts";
import { isSaneRequestId, requestId } from "./mod.ts";

function app() {
  const a = new Hono<ApiEnv>();
  a.use(requestId({ generate: () => "generated-1", logger: getLogger(["ct", "test", "rid"]) }));
  a.get("/", (c) => {
    c.get("log").info("handling");
    return c.text(c.get("requestId"));
  });
  a.get("/slow", async (c) => {
    c.get("log").info("before the wait");
    await new Promise((resolve) => setTimeout(resolve, Number(c.req.query("ms"))));
    c.get("log").info("after the wait");
    return c.text(c.get("requestId"));
  });
  a.get("/raw", () => new Response("made by hand"));
  return a;
}

/**
 * Records of `category` while `fn` runs; no `AsyncLocalStorage` configured
 * unless `withContextStore`.
 */
async function captured(
  fn: () => Promise<void>,
  { category = ["ct", "test", "rid"], withContextStore = false } = {},
): Promise<LogRecord[]> {
  await using logs = await captureLogs(category, "debug", {
    contextLocalStorage: withContextStore ? new AsyncLocalStorage() : undefined,
  });
  await fn();
  return logs.records;
}

Deno.test("a sane incoming request id is kept and echoed", async () => {
  const res = await app().request("/", { headers: { "X-Request-Id": "abc.DEF_123-x" } });
  assertEquals(await res.text(), "abc.DEF_123-x");
  assertEquals(res.headers.get("X-Request-Id"), "abc.DEF_123-x");
});

Deno.test("an insane incoming request id is replaced by a generated one", async () => {
  for (const bad of ["has space", 'quote"d', "x".repeat(129), "", "é"]) {
    const res = await app().request("/", { headers: { "X-Request-Id": bad } });
    assertEquals(res.headers.get("X-Request-Id"), "generated-1", JSON.stringify(bad));
    assertEquals(await res.text(), "generated-1");
  }
  assert(isSaneRequestId("x".repeat(128)));
});

Deno.test("without an incoming id a UUID is generated and echoed", async () => {
  const a = new Hono<ApiEnv>();
  a.use(requestId());
  a.get("/", (c) => c.text(c.get("requestId")));
  const res = await a.request("/");
  const id = res.headers.get("X-Request-Id") ?? "";
  assert(/^[0-9a-f-]{36}$/.test(id), id);
  assertEquals(await res.text(), id);
});

Deno.test("a response the handler built itself still carries the id", async () => {
  const res = await app().request("/raw", { headers: { "X-Request-Id": "by-hand" } });
  assertEquals([await res.text(), res.headers.get("X-Request-Id")], ["made by hand", "by-hand"]);
});

Deno.test("every log line written while handling the request carries its id", async () => {
  const records = await captured(async () => {
    await app().request("/", { headers: { "X-Request-Id": "trace-me" } });
    await app().request("/", { headers: { "X-Request-Id": "and-me" } });
  });
  assertEquals(records.map((r) => r.properties.requestId), ["trace-me", "and-me"]);
});

Deno.test("interleaved requests each log under their own id", async () => {
  const a = app();
  const records = await captured(async () => {
    await Promise.all([
      a.request("/slow?ms=30", { headers: { "X-Request-Id": "slow-one" } }),
      a.request("/slow?ms=5", { headers: { "X-Request-Id": "quick-one" } }),
    ]);
  });
  assertEquals(records.map((r) => `${r.properties.requestId} ${r.message.join("")}`), [
    "slow-one before the wait",
    "quick-one before the wait",
    "quick-one after the wait",
    "slow-one after the wait",
  ]);
});

Deno.test("with a context store, lines logged by code the request calls into carry its id", async () => {
  const records = await captured(async () => {
    // A module logger, as the store's slow-query warning uses: it has no `c`.
    const store = getLogger(["ct", "test", "store"]);
    const a = new Hono<ApiEnv>();
    a.use(requestId());
    a.get("/", async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      store.warn("slow query");
      return c.text("ok");
    });
    await Promise.all([
      a.request("/", { headers: { "X-Request-Id": "first" } }),
      a.request("/", { headers: { "X-Request-Id": "second" } }),
    ]);
  }, { category: ["ct", "test", "store"], withContextStore: true });
  assertEquals(records.map((r) => r.properties.requestId).sort(), ["first", "second"]);
});

Deno.test("a route left out of the context still echoes and logs its id through c.var.log", async () => {
  const store = getLogger(["ct", "test", "store"]);
  const records = await captured(async () => {
    const a = new Hono<ApiEnv>();
    a.use(requestId({ context: (path) => path !== "/pure" }));
    for (const path of ["/pure", "/deep"]) {
      a.get(path, (c) => {
        c.var.log.info("handled");
        store.info("from deep code");
        return c.text("ok");
      });
    }
    for (const path of ["/pure", "/deep"]) {
      const res = await a.request(path, { headers: { "X-Request-Id": path.slice(1) } });
      assertEquals(res.headers.get("X-Request-Id"), path.slice(1));
    }
  }, { category: ["ct"], withContextStore: true });
  assertEquals(records.map((r) => `${r.message.join("")} ${r.properties.requestId}`), [
    "handled pure",
    "from deep code undefined",
    "handled deep",
    "from deep code deep",
  ]);
});
