import { Hono } from "hono";
import { assert, assertEquals } from "../../../tests/assert.ts";
import type { ApiEnv } from "../../deps.ts";
import { originCheck } from "./mod.ts";

function app(allowed: string[]) {
  const a = new Hono<ApiEnv>();
  a.use(originCheck({ allowed }));
  a.get("/r", (c) => c.text("read"));
  a.post("/w", (c) => c.text("wrote"));
  return a;
}

const post = (origin?: string): RequestInit => ({
  method: "POST",
  headers: origin === undefined ? {} : { Origin: origin },
});

Deno.test("a mutating request from a foreign browser origin is forbidden", async () => {
  const res = await app(["https://dash.example"]).request(
    "http://api.local/w",
    post("https://evil.example"),
  );
  assertEquals(res.status, 403);
  assert((await res.json()).error.includes("https://evil.example"));
  assertEquals((await app([]).request("http://api.local/w", post("null"))).status, 403);
});

Deno.test("allowed, same-origin and origin-less requests, and reads, pass", async () => {
  const a = app(["https://dash.example"]);
  assertEquals((await a.request("http://api.local/w", post("https://dash.example"))).status, 200);
  assertEquals((await a.request("http://api.local/w", post("http://api.local"))).status, 200);
  assertEquals((await a.request("http://api.local/w", post())).status, 200);
  assertEquals(
    (await a.request("http://api.local/r", { headers: { Origin: "https://evil.example" } }))
      .status,
    200,
  );
  assertEquals((await app(["*"]).request("http://api.local/w", post("https://any"))).status, 200);
});
