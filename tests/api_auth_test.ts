/**
 * Authentication and origins through the whole app: 401 for a missing or
 * wrong key, protected reads, 403 for a foreign browser origin.
 */
import { openApiFixture } from "../api/_test_support.ts";
import { ConfigError } from "../lib/errors.ts";
import { assert, assertEquals, assertThrows } from "./assert.ts";

const KEY = "test-api-key-0123456789";
const RESTART = "/api/v1/actors/analyzer/restart";

Deno.test("mutating routes need the key: missing and wrong are 401, right is 202", async () => {
  const f = await openApiFixture({ api: { apiKey: KEY } });
  try {
    const missing = await f.app.request(RESTART, { method: "POST" });
    assertEquals(missing.status, 401);
    assertEquals(missing.headers.get("WWW-Authenticate"), 'Bearer realm="crypto-trade"');
    const missingBody = await missing.json();
    assert(missingBody.error.includes("Authorization: Bearer"));
    assertEquals(missingBody.requestId, missing.headers.get("X-Request-Id"));
    for (const wrong of ["nope", KEY.slice(0, -1), `${KEY}x`]) {
      const res = await f.app.request(RESTART, {
        method: "POST",
        headers: { Authorization: `Bearer ${wrong}` },
      });
      assertEquals(res.status, 401, wrong);
      assertEquals((await res.json()).error, "the bearer token is not the API key");
    }
    assertEquals(f.actors.restarted, []);
    const ok = await f.app.request(RESTART, {
      method: "POST",
      headers: { Authorization: `Bearer ${KEY}` },
    });
    assertEquals(ok.status, 202);
    await ok.body?.cancel();
    assertEquals(f.actors.restarted, ["analyzer"]);
    const read = await f.app.request("/api/v1/actors");
    assertEquals(read.status, 200);
    await read.body?.cancel();
  } finally {
    await f.close();
  }
});

Deno.test("protected reads need the key, but the spec and docs do not", async () => {
  const f = await openApiFixture({ api: { apiKey: KEY, protectReads: true } });
  try {
    const res = await f.app.request("/api/v1/trades");
    assertEquals(res.status, 401);
    await res.body?.cancel();
    const ok = await f.app.request("/api/v1/trades", {
      headers: { Authorization: `Bearer ${KEY}` },
    });
    assertEquals(ok.status, 200);
    await ok.body?.cancel();
    for (const open of ["/openapi.json", "/docs", "/docs/swagger-ui.css"]) {
      const r = await f.app.request(open);
      assertEquals(r.status, 200, open);
      await r.body?.cancel();
    }
    const spec = await (await f.app.request("/openapi.json")).json();
    assertEquals(spec.security, [{ bearer: [] }]);
  } finally {
    await f.close();
  }
});

Deno.test("a browser origin not allowed gets 403 on mutating routes, key or not", async () => {
  const f = await openApiFixture({ api: { apiKey: KEY, corsOrigins: ["https://dash.example"] } });
  try {
    const post = (origin: string) =>
      f.app.request(`http://127.0.0.1:8000${RESTART}`, {
        method: "POST",
        headers: { Authorization: `Bearer ${KEY}`, Origin: origin },
      });
    const forbidden = await post("https://evil.example");
    assertEquals(forbidden.status, 403);
    assert((await forbidden.json()).error.includes("https://evil.example"));
    const allowed = await post("https://dash.example");
    assertEquals(allowed.status, 202);
    assertEquals(allowed.headers.get("Access-Control-Allow-Origin"), "https://dash.example");
    await allowed.body?.cancel();
    const same = await post("http://127.0.0.1:8000");
    assertEquals(same.status, 202);
    await same.body?.cancel();
    // 401 comes first: an unauthenticated caller learns nothing about origins.
    const anonymous = await f.app.request(RESTART, {
      method: "POST",
      headers: { Origin: "https://evil.example" },
    });
    assertEquals(anonymous.status, 401);
    await anonymous.body?.cancel();

    const keyless = f.build({ api: { apiKey: undefined, corsOrigins: [] } });
    const csrf = await keyless.request(RESTART, {
      method: "POST",
      headers: { Origin: "https://evil.example" },
    });
    assertEquals(csrf.status, 403);
    await csrf.body?.cancel();
    assertEquals(f.actors.restarted, ["analyzer", "analyzer"]);
  } finally {
    await f.close();
  }
});

Deno.test("protecting reads without a key is refused at start-up", async () => {
  const f = await openApiFixture();
  try {
    assertThrows(() => f.build({ api: { protectReads: true } }), "api.apiKey");
    const e = (() => {
      try {
        f.build({ api: { protectReads: true } });
      } catch (e) {
        return e;
      }
    })();
    assert(e instanceof ConfigError);
  } finally {
    await f.close();
  }
});
