import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getLogger, type LogRecord, reset } from "@logtape/logtape";
import { Hono } from "hono";
import { assert, assertEquals } from "../../../tests/assert.ts";
import type { ApiEnv } from "../../deps.ts";
import { isSaneRequestId, requestId } from "./mod.ts";

function app() {
  const a = new Hono<ApiEnv>();
  a.use(requestId({ generate: () => "generated-1" }));
  a.get("/", (c) => {
    getLogger(["ct", "test", "rid"]).info("handling");
    return c.text(c.get("requestId"));
  });
  return a;
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

Deno.test("every log line written while handling the request carries its id", async () => {
  const records: LogRecord[] = [];
  await configure({
    reset: true,
    sinks: { buffer: (r) => records.push(r) },
    contextLocalStorage: new AsyncLocalStorage(),
    loggers: [
      { category: ["ct", "test", "rid"], sinks: ["buffer"], lowestLevel: "debug" },
      { category: ["logtape", "meta"], sinks: [], lowestLevel: "warning" },
    ],
  });
  try {
    await app().request("/", { headers: { "X-Request-Id": "trace-me" } });
    await app().request("/", { headers: { "X-Request-Id": "and-me" } });
  } finally {
    await reset();
  }
  assertEquals(records.map((r) => r.properties.requestId), ["trace-me", "and-me"]);
});
