import { Hono } from "hono";
import { assert, assertEquals } from "../../../tests/assert.ts";
import { apiSecureHeaders } from "./mod.ts";

Deno.test("answers carry a CSP without inline script, nosniff and no framing", async () => {
  const a = new Hono();
  a.use(apiSecureHeaders());
  a.get("/", (c) => c.text("x"));
  const res = await a.request("/");
  const csp = res.headers.get("Content-Security-Policy") ?? "";
  assert(csp.includes("script-src 'self'") && !csp.includes("unsafe-eval"), csp);
  assert(csp.includes("frame-ancestors 'none'"), csp);
  assertEquals(res.headers.get("X-Content-Type-Options"), "nosniff");
  assertEquals(res.headers.get("X-Frame-Options"), "DENY");
});
