import { Counter, Gauge, Registry } from "prom-client";
import { assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { renderMetrics } from "./render.ts";

async function actorRegistry(actor: string, handled: number): Promise<unknown[]> {
  const r = new Registry();
  new Counter({ name: "handled_total", help: "h", labelNames: ["actor"], registers: [r] })
    .inc({ actor }, handled);
  new Counter({ name: "shared_total", help: "s", registers: [r] }).inc(handled);
  return await r.getMetricsAsJSON();
}

Deno.test("actor registries merge into the main one: distinct series kept, equal ones summed", async () => {
  const main = new Registry();
  new Gauge({ name: "main_gauge", help: "g", registers: [main] }).set(3);
  const text = await renderMetrics(main, [
    await actorRegistry("a", 2),
    await actorRegistry("b", 5),
    [{ nonsense: true }, "x"],
  ]);
  assertStringIncludes(text, "main_gauge 3");
  assertStringIncludes(text, 'handled_total{actor="a"} 2');
  assertStringIncludes(text, 'handled_total{actor="b"} 5');
  assertStringIncludes(text, "shared_total 7");
  assertEquals(text.match(/# TYPE handled_total counter/g)?.length, 1);
});
