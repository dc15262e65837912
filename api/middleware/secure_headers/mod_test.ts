import { Hono } from "hono";
import { assert, assertEquals } from "../../../tests/assert.ts";
import { API_SECURITY_HEADERS, apiSecureHeaders, HSTS, pageSecureHeaders } from "./mod.ts";

function app(): Hono {
  const a = new Hono();
  a.use(apiSecureHeaders());
  a.use("/page", pageSecureHeaders());
  a.get("/json", (c) => c.json({ ok: true }));
  a.get("/cached", (c) => c.json({ ok: true }, 200, { "Cache-Control": "max-age=60" }));
  a.get("/page", (c) => c.html("<p>hi</p>"));
  return a;
}

Deno.test("API answers carry the OWASP REST headers and are not stored", async () => {
  const res = await app().request("/json");
  for (const [name, value] of API_SECURITY_HEADERS) assertEquals(res.headers.get(name), value);
  assertEquals(
    res.headers.get("Content-Security-Policy"),
    "default-src 'none'; frame-ancestors 'none'",
  );
  assertEquals(res.headers.get("Cache-Control"), "no-store");
  // Document-only headers stay off JSON.
  assertEquals(res.headers.get("Referrer-Policy"), null);
  assertEquals(res.headers.get("X-DNS-Prefetch-Control"), null);
});

Deno.test("a route's own Cache-Control is kept", async () => {
  const res = await app().request("/cached");
  assertEquals(res.headers.get("Cache-Control"), "max-age=60");
  assertEquals(res.headers.get("X-Content-Type-Options"), "nosniff");
});

Deno.test("pages keep the browser set with a CSP without inline script", async () => {
  const res = await app().request("/page");
  const csp = res.headers.get("Content-Security-Policy") ?? "";
  assert(csp.includes("script-src 'self'") && !csp.includes("unsafe-eval"), csp);
  assert(csp.includes("frame-ancestors 'none'"), csp);
  assertEquals(res.headers.get("X-Content-Type-Options"), "nosniff");
  assertEquals(res.headers.get("X-Frame-Options"), "DENY");
  assertEquals(res.headers.get("Referrer-Policy"), "no-referrer");
  assertEquals(res.headers.get("Cache-Control"), null);
});

Deno.test("unknown routes get the API headers too", async () => {
  const res = await app().request("/nowhere");
  assertEquals(res.status, 404);
  assertEquals(res.headers.get("X-Frame-Options"), "DENY");
  assertEquals(res.headers.get("Cache-Control"), "no-store");
});

Deno.test("Strict-Transport-Security goes only on answers over TLS, pages included", async () => {
  for (const path of ["/json", "/page"]) {
    const plain = await app().request(`http://api.example${path}`);
    assertEquals(plain.headers.get(HSTS[0]), null, path);
    const tls = await app().request(`https://api.example${path}`);
    assertEquals(tls.headers.get(HSTS[0]), HSTS[1], path);
  }
  const a = new Hono();
  a.use(apiSecureHeaders({ secure: (c) => c.req.header("X-Test-Tls") === "yes" }));
  a.get("/", (c) => c.text("x"));
  assertEquals(
    (await a.request("/", { headers: { "X-Test-Tls": "yes" } })).headers.get(HSTS[0]),
    HSTS[1],
  );
});
