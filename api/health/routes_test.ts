import { Hono } from "hono";
import { assertEquals } from "../../tests/assert.ts";
import { type ReadinessReport, runChecks } from "./checks.ts";
import { liveness } from "./liveness.ts";
import { mountHealth } from "./routes.ts";

Deno.test("health answers 200 while alive; ready answers 503 with the failing checks", async () => {
  let up = true;
  const app = new Hono();
  mountHealth(app, {
    live: () => liveness([], 1_000, 6_000),
    ready: () =>
      runChecks([{
        name: "storage",
        run: () => up ? Promise.resolve() : Promise.reject(new Error("refused")),
      }], 500),
  });
  const health = await app.request("/health");
  assertEquals(health.status, 200);
  assertEquals(health.headers.get("cache-control"), "no-store");
  assertEquals(await health.json(), {
    status: "ok",
    uptimeSeconds: 5,
    actors: { total: 0, running: 0 },
  });
  assertEquals((await app.request("/ready")).status, 200);
  up = false;
  const res = await app.request("/ready");
  assertEquals(res.status, 503);
  const body: ReadinessReport = await res.json();
  assertEquals(body.failing, ["storage"]);
  assertEquals(body.checks[0]!.detail, "refused");
});

Deno.test("health answers 503 when the supervisor cannot answer", async () => {
  const app = new Hono();
  mountHealth(app, {
    live: () => {
      throw new Error("supervisor gone");
    },
    ready: () => runChecks([], 100),
  });
  const res = await app.request("/health");
  assertEquals(res.status, 503);
  assertEquals(await res.json(), { status: "fail", error: "supervisor gone" });
});
