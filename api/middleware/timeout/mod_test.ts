import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { assertEquals } from "../../../tests/assert.ts";
import { handlerTimeout } from "./mod.ts";

Deno.test("a handler slower than the deadline answers 503 and fast ones are untouched", async () => {
  const a = new Hono();
  a.onError((e, c) =>
    e instanceof HTTPException ? c.json({ error: e.message }, 503) : c.text("?", 500)
  );
  a.use(handlerTimeout({ ms: 20 }));
  let release!: () => void;
  const slow = new Promise<void>((resolve) => release = resolve);
  a.get("/slow", async (c) => {
    await slow;
    return c.text("late");
  });
  a.get("/fast", (c) => c.text("quick"));
  const res = await a.request("/slow");
  assertEquals([res.status, await res.json()], [503, {
    error: "the handler did not finish within 20 ms",
  }]);
  release();
  const fast = await a.request("/fast");
  assertEquals([fast.status, await fast.text()], [200, "quick"]);
});
