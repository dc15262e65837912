/**
 * `/openapi.json` is a valid OpenAPI 3.1 document covering every route, and
 * `/docs` with its assets loads from the API alone (no CDN).
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { openApiFixture } from "../api/_test_support.ts";
import { mountObservability } from "../api/metrics/mod.ts";
import { assert, assertEquals } from "./assert.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

Deno.test("the OpenAPI document is valid 3.1 and lists every /api/v1 and /api/v2 route", async () => {
  const f = await openApiFixture({ api: { apiKey: "a-key-of-sixteen-chars" } });
  try {
    const res = await f.app.request("/openapi.json");
    assertEquals(res.status, 200);
    const spec: Json = await res.json();
    assertEquals(spec.openapi, "3.1.0");
    const validator = new Validator();
    const result = await validator.validate(spec);
    assert(result.valid, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));
    assertEquals(validator.version, "3.1");

    const routes = new Set(
      f.app.routes.filter((r) => r.method !== "ALL" && /^\/api\/v[12]\//.test(r.path)).map((r) =>
        `${r.method.toLowerCase()} ${r.path.replace(/:([^/]+)/g, "{$1}")}`
      ),
    );
    const documented = new Set(
      Object.entries(spec.paths).flatMap(([path, item]) =>
        Object.keys(item as object).map((method) => `${method} ${path}`)
      ),
    );
    assertEquals([...documented].sort(), [...routes].sort());
    assertEquals(routes.size, 21);
    assert(routes.has("post /api/v2/alerts"));

    for (const [path, item] of Object.entries<Json>(spec.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        const codes = Object.keys(op.responses);
        assert(codes.some((c) => c.startsWith("2")), `${method} ${path} has no 2xx`);
        for (const c of ["400", "401", "429", "500"]) {
          assert(codes.includes(c), `${method} ${path} lacks ${c}`);
        }
        assert(op.tags?.length === 1 && op.summary, `${method} ${path} lacks tag or summary`);
      }
    }
    const restart = spec.paths["/api/v1/actors/{id}/restart"].post;
    assertEquals(restart.security, [{ bearer: [] }]);
    assert(["202", "403", "404"].every((c) => c in restart.responses));
    assertEquals(spec.components.securitySchemes.bearer, {
      type: "http",
      scheme: "bearer",
      description: spec.components.securitySchemes.bearer.description,
    });
    const limit = spec.paths["/api/v1/candles"].get.parameters.find((p: Json) =>
      p.name === "limit"
    );
    assertEquals([limit.in, limit.schema.type, limit.schema.maximum], ["query", "integer", 1000]);
    assertEquals(spec.tags.map((t: Json) => t.name).length, 14);
  } finally {
    await f.close();
  }
});

Deno.test("with the observability routes mounted, the document lists /health, /ready and /metrics with their own contracts", async () => {
  const f = await openApiFixture({ api: { apiKey: "a-key-of-sixteen-chars", protectReads: true } });
  try {
    const obs = {
      metrics: () => Promise.resolve("up 1\n"),
      contentType: "text/plain; version=0.0.4; charset=utf-8",
      live: () => ({ status: "ok" as const, uptimeSeconds: 1, actors: { total: 0, running: 0 } }),
      ready: () => Promise.resolve({ status: "ready" as const, checks: [], failing: [] }),
    };
    const app = f.build({ deps: { extraRoutes: (a, kit) => mountObservability(a, obs, kit) } });
    const spec: Json = await (await app.request("/openapi.json")).json();
    const result = await new Validator().validate(spec);
    assert(result.valid, JSON.stringify(result.errors, null, 1)?.slice(0, 2000));

    // Every GET route the app answers is documented, but the document and the docs pages.
    const served = app.routes
      .filter((r) => r.method === "GET" && !/^\/(docs|openapi\.json)/.test(r.path))
      .map((r) => r.path.replace(/:([^/]+)/g, "{$1}"));
    for (const path of served) assert(spec.paths[path]?.get, `${path} is not documented`);

    const health = spec.paths["/health"].get;
    const ready = spec.paths["/ready"].get;
    const metrics = spec.paths["/metrics"].get;
    // A probe carries no key: the health routes opt out of the document's bearer scheme.
    assertEquals([health.security, ready.security, metrics.security], [[], [], undefined]);
    assertEquals(spec.security, [{ bearer: [] }]);
    assertEquals(Object.keys(health.responses).sort(), ["200", "503"]);
    assertEquals(Object.keys(ready.responses).sort(), ["200", "503"]);
    assertEquals(Object.keys(metrics.responses).sort(), ["200", "401"]);
    assert("text/plain" in metrics.responses["200"].content);
    assertEquals(
      spec.components.schemas.Readiness.properties.status.enum,
      ["ready", "not_ready"],
    );
    assert(spec.tags.some((t: Json) => t.name === "observability"));
    // And what is documented is what they answer.
    assertEquals((await app.request("/health")).status, 200);
    assertEquals((await app.request("/ready")).status, 200);
    assertEquals((await app.request("/metrics")).status, 401);
  } finally {
    await f.close();
  }
});

Deno.test("/docs and its assets are served by the API itself with the right types", async () => {
  const f = await openApiFixture();
  try {
    const page = await f.app.request("/docs");
    assertEquals(page.status, 200);
    assert(page.headers.get("Content-Type")?.startsWith("text/html"));
    // The page gets the browser set and the policy Swagger UI runs under.
    assert(page.headers.get("Content-Security-Policy")?.includes("script-src 'self'"));
    assertEquals(page.headers.get("Referrer-Policy"), "no-referrer");
    const html = await page.text();
    assert(!/https?:\/\//.test(html), "the page must not reference another host");
    assert(!/<script>[^<]/.test(html), "no inline script (the CSP forbids it)");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assertEquals(assets.sort(), [
      "/docs/swagger-initializer.js",
      "/docs/swagger-ui-bundle.js",
      "/docs/swagger-ui-standalone-preset.js",
      "/docs/swagger-ui.css",
    ]);
    for (const asset of assets) {
      const res = await f.app.request(asset);
      assertEquals(res.status, 200, asset);
      const type = res.headers.get("Content-Type") ?? "";
      assert(type.startsWith(asset.endsWith(".css") ? "text/css" : "text/javascript"), type);
      const body = await res.text();
      if (asset.includes("swagger-ui")) {
        const file = new URL(import.meta.resolve(`swagger-ui-dist/${asset.slice(6)}`));
        assertEquals(body, await Deno.readTextFile(file), `${asset} is the package's file`);
      } else {
        assert(body.includes('url: "/openapi.json"'));
        assert(body.includes("validatorUrl: null"), "no badge from validator.swagger.io");
      }
    }
    const missing = await f.app.request("/docs/constructor");
    assertEquals(missing.status, 404);
    assertEquals((await missing.json()).error, "no route for GET /docs/constructor");
  } finally {
    await f.close();
  }
});
