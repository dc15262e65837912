import { Hono } from "hono";
import { assertEquals } from "../../../tests/assert.ts";
import type { ApiEnv } from "../../deps.ts";
import { apiBodyLimit } from "./mod.ts";

function app() {
  const a = new Hono<ApiEnv>();
  a.use(apiBodyLimit({ maxBytes: 10 }));
  a.post("/", async (c) => c.text(String((await c.req.text()).length)));
  return a;
}

Deno.test("a body over the limit answers 413 as JSON", async () => {
  const res = await app().request("/", { method: "POST", body: "x".repeat(11) });
  assertEquals(res.status, 413);
  assertEquals((await res.json()).error, "request body larger than the 10-byte limit");
});

Deno.test("a streamed body without Content-Length is counted as it arrives", async () => {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode("abcd"));
      controller.close();
    },
  });
  const res = await app().request("/", { method: "POST", body, duplex: "half" } as RequestInit);
  assertEquals(res.status, 413);
  await res.body?.cancel();
});

Deno.test("a body within the limit reaches the handler", async () => {
  const res = await app().request("/", { method: "POST", body: "x".repeat(10) });
  assertEquals([res.status, await res.text()], [200, "10"]);
});
