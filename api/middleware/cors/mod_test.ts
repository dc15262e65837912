import { Hono } from "hono";
import { assert, assertEquals } from "../../../tests/assert.ts";
import { apiCors } from "./mod.ts";

function app(origins: string[]) {
  const a = new Hono();
  a.use(apiCors({ origins }));
  a.get("/r", (c) => c.text("read"));
  return a;
}

Deno.test("a configured origin gets CORS headers exposing the request id and rate limits", async () => {
  const res = await app(["https://dash.example"]).request("/r", {
    headers: { Origin: "https://dash.example" },
  });
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), "https://dash.example");
  const exposed = res.headers.get("Access-Control-Expose-Headers") ?? "";
  assert(exposed.includes("X-Request-Id") && exposed.includes("RateLimit-Remaining"), exposed);
});

Deno.test("a preflight from a configured origin allows the Authorization header", async () => {
  const res = await app(["https://dash.example"]).request("/r", {
    method: "OPTIONS",
    headers: {
      Origin: "https://dash.example",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization",
    },
  });
  assertEquals(res.status, 204);
  assert(res.headers.get("Access-Control-Allow-Headers")?.includes("Authorization"));
});

Deno.test("an origin that is not configured gets no CORS grant", async () => {
  const res = await app(["https://dash.example"]).request("/r", {
    headers: { Origin: "https://evil.example" },
  });
  assertEquals(res.headers.get("Access-Control-Allow-Origin"), null);
});

Deno.test("an answer varies by Origin when the grant depends on it, not with any origin allowed", async () => {
  const listed = await app(["https://dash.example"]).request("/r");
  assertEquals(listed.headers.get("Vary"), "Origin");
  const any = await app(["*"]).request("/r", { headers: { Origin: "https://any.example" } });
  assertEquals([any.headers.get("Access-Control-Allow-Origin"), any.headers.get("Vary")], [
    "*",
    null,
  ]);
});

Deno.test("exposed headers are named only to a cross-origin request", async () => {
  for (const origins of [["https://dash.example"], ["*"]]) {
    const same = await app(origins).request("/r");
    assertEquals(same.headers.get("Access-Control-Expose-Headers"), null, origins[0]);
    const cross = await app(origins).request("/r", { headers: { Origin: "https://dash.example" } });
    assert(
      cross.headers.get("Access-Control-Expose-Headers")?.includes("X-Request-Id"),
      origins[0],
    );
  }
});
