import { Hono } from "hono";
import { assert, assertEquals } from "../../../tests/assert.ts";
import type { ApiEnv } from "../../deps.ts";
import { ApiKeyVerifier, auth, bearerToken, constantTimeEqual } from "./mod.ts";

const KEY = "0123456789abcdef-secret";

function app(protectReads: boolean, verifier?: ApiKeyVerifier) {
  const a = new Hono<ApiEnv>();
  a.use(auth({ verifier, protectReads }));
  a.get("/r", (c) => c.text("read"));
  a.post("/w", (c) => c.text("wrote"));
  return a;
}

Deno.test("bearer tokens are read only from the Bearer scheme", () => {
  assertEquals(bearerToken("Bearer abc"), "abc");
  assertEquals(bearerToken("bearer   abc"), "abc");
  assertEquals(bearerToken("Basic YTpi"), null);
  assertEquals(bearerToken("Bearer"), null);
  assertEquals(bearerToken("Bearer a b"), null);
  assertEquals(bearerToken(undefined), null);
});

Deno.test("the verifier accepts the key and nothing else, prefixes and extensions included", async () => {
  const v = new ApiKeyVerifier(KEY);
  assert(await v.verify(KEY));
  for (
    const wrong of ["", KEY.slice(0, -1), KEY + "x", KEY.toUpperCase(), "x".repeat(KEY.length)]
  ) {
    assert(!(await v.verify(wrong)), wrong);
  }
  assert(/^[0-9a-f]{12}$/.test(await v.id()));
  assert(!(await v.id()).includes(KEY.slice(0, 6)));
});

Deno.test("constant-time equality compares every byte", () => {
  assert(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])));
  assert(!constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4])));
  assert(!constantTimeEqual(new Uint8Array([9, 2, 3]), new Uint8Array([1, 2, 3])));
  assert(!constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3])));
});

Deno.test("mutating requests need the key; reads pass unless reads are protected", async () => {
  const open = app(false, new ApiKeyVerifier(KEY));
  assertEquals((await open.request("/r")).status, 200);
  const missing = await open.request("/w", { method: "POST" });
  assertEquals(missing.status, 401);
  assertEquals(missing.headers.get("WWW-Authenticate"), 'Bearer realm="crypto-trade"');
  const wrong = await open.request("/w", {
    method: "POST",
    headers: { Authorization: "Bearer nope" },
  });
  assertEquals(wrong.status, 401);
  assert(wrong.headers.get("WWW-Authenticate")?.includes('error="invalid_token"'));
  const basic = await open.request("/w", {
    method: "POST",
    headers: { Authorization: "Basic YTpi" },
  });
  assertEquals(basic.status, 401);
  assert((await basic.json()).error.includes('"Basic"'));
  const ok = await open.request("/w", {
    method: "POST",
    headers: { Authorization: `Bearer ${KEY}` },
  });
  assertEquals([ok.status, await ok.text()], [200, "wrote"]);

  const closed = app(true, new ApiKeyVerifier(KEY));
  assertEquals((await closed.request("/r")).status, 401);
  assertEquals(
    (await closed.request("/r", { headers: { Authorization: `Bearer ${KEY}` } })).status,
    200,
  );
  assertEquals((await closed.request("/r", { method: "OPTIONS" })).status, 404);
});

Deno.test("without a configured key nothing is required", async () => {
  const a = app(false);
  assertEquals((await a.request("/w", { method: "POST" })).status, 200);
});
