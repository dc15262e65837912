import { getLogger } from "@logtape/logtape";
import { Hono } from "hono";
import { assertEquals } from "../../../tests/assert.ts";
import type { ApiEnv, RequestInfo } from "../../deps.ts";
import { accessLog, UNMATCHED_ROUTE } from "./mod.ts";

Deno.test("each request is reported with its route template, status and duration", async () => {
  const seen: RequestInfo[] = [];
  let t = 0;
  const a = new Hono<ApiEnv>();
  a.use(accessLog({
    logger: getLogger(["ct", "test", "access"]),
    onRequest: (i) => seen.push(i),
    clock: () => (t += 250),
  }));
  a.use("/items/*", async (_c, next) => await next());
  a.get("/items/:id", (c) => c.text(c.req.param("id")));
  a.post("/items/:id", (c) => c.text("nope", 409));
  await a.request("/items/42");
  await a.request("/items/43", { method: "POST" });
  await a.request("/elsewhere/x");
  assertEquals(seen, [
    { method: "GET", route: "/items/:id", status: 200, seconds: 0.25 },
    { method: "POST", route: "/items/:id", status: 409, seconds: 0.25 },
    { method: "GET", route: UNMATCHED_ROUTE, status: 404, seconds: 0.25 },
  ]);
});

Deno.test("a throwing onRequest hook does not break the answer", async () => {
  const a = new Hono<ApiEnv>();
  a.use(accessLog({
    logger: getLogger(["ct", "test", "access"]),
    onRequest: () => {
      throw new Error("metrics broke");
    },
  }));
  a.get("/", (c) => c.text("fine"));
  const res = await a.request("/");
  assertEquals([res.status, await res.text()], [200, "fine"]);
});
