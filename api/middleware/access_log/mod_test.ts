import { getLogger } from "@logtape/logtape";
import { Hono } from "hono";
import { assertEquals } from "../../../tests/assert.ts";
import { captureLogs } from "../../../tests/log_capture.ts";
import type { ApiEnv, RequestInfo } from "../../deps.ts";
import { requestId } from "../request_id/mod.ts";
import { accessLog, requestPath, UNMATCHED_ROUTE } from "./mod.ts";

Deno.test("each request is reported with its route template, status and duration", async () => {
  const seen: RequestInfo[] = [];
  let t = 0;
  const a = new Hono<ApiEnv>();
  a.use(accessLog({
    logger: getLogger(["ct", "test", "access"]),
    onRequest: (i) => seen.push(i),
    clock: () => (t += 250),
  }));
  a.use("/items/*", async (_c, next) => await next());
  a.get("/items/:id", (c) => c.text(c.req.param("id")));
  a.post("/items/:id", (c) => c.text("nope", 409));
  await a.request("/items/42");
  await a.request("/items/43", { method: "POST" });
  await a.request("/elsewhere/x");
  assertEquals(seen, [
    { method: "GET", route: "/items/:id", status: 200, seconds: 0.25 },
    { method: "POST", route: "/items/:id", status: 409, seconds: 0.25 },
    { method: "GET", route: UNMATCHED_ROUTE, status: 404, seconds: 0.25 },
  ]);
});

Deno.test("a throwing onRequest hook does not break the answer", async () => {
  const a = new Hono<ApiEnv>();
  a.use(accessLog({
    logger: getLogger(["ct", "test", "access"]),
    onRequest: () => {
      throw new Error("metrics broke");
    },
  }));
  a.get("/", (c) => c.text("fine"));
  const res = await a.request("/");
  assertEquals([res.status, await res.text()], [200, "fine"]);
});

Deno.test("the access line carries method, path, route, status, duration, request id, client and cache", async () => {
  const logs = await captureLogs(["ct", "test", "access"], "info");
  const records = logs.records;
  try {
    let t = 0;
    const a = new Hono<ApiEnv>();
    a.use(requestId({ generate: () => "rid-1" }));
    a.use(accessLog({ logger: getLogger(["ct", "test", "access"]), clock: () => (t += 1.5) }));
    a.get("/items/:id", (c) => {
      c.set("cache", "hit");
      return c.text("x");
    });
    a.get("/boom", (c) => c.text("down", 503));
    await a.request("/items/7?q=1");
    await a.request("/boom");
  } finally {
    await logs[Symbol.asyncDispose]();
  }
  assertEquals(records.map((r) => [r.category.join("."), r.level, r.message.join("")]), [
    ["ct.test.access", "info", "GET /items/7 200 1.5ms route=/items/:id client=unknown"],
    ["ct.test.access", "warning", "GET /boom 503 1.5ms route=/boom client=unknown"],
  ]);
  assertEquals(records[0]!.properties, {
    method: "GET",
    path: "/items/7",
    route: "/items/:id",
    status: 200,
    durationMs: 1.5,
    requestId: "rid-1",
    client: "unknown",
    cache: "hit",
  });
  assertEquals(records[1]!.properties.cache, undefined);
});

Deno.test("at warning level only failed requests write an access line, and metrics still see all", async () => {
  const logs = await captureLogs(["ct", "test", "access"], "warning");
  const records = logs.records;
  const seen: number[] = [];
  try {
    const a = new Hono<ApiEnv>();
    a.use(accessLog({
      logger: getLogger(["ct", "test", "access"]),
      onRequest: (i) => seen.push(i.status),
    }));
    a.get("/ok", (c) => c.text("fine"));
    a.get("/boom", (c) => c.text("down", 503));
    await a.request("/ok");
    await a.request("/boom");
  } finally {
    await logs[Symbol.asyncDispose]();
  }
  assertEquals(records.map((r) => [r.level, r.properties.path]), [["warning", "/boom"]]);
  assertEquals(seen, [200, 503]);
});

Deno.test("the logged path is the request's own, without the query", () => {
  assertEquals(
    requestPath("http://127.0.0.1:8000/api/v1/signals?limit=50&x=/y"),
    "/api/v1/signals",
  );
  assertEquals(requestPath("http://127.0.0.1:8000/a/../he%41lth/./x"), "/a/../he%41lth/./x");
  assertEquals(requestPath("https://[::1]:8000/"), "/");
  assertEquals(requestPath("http://localhost?x=/y"), "/");
  assertEquals(requestPath("http://localhost"), "/");
});
