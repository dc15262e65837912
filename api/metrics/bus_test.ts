import { getLogger } from "@logtape/logtape";
import { Registry } from "prom-client";
import { createInProcessBus } from "../../bus/in_process/mod.ts";
import { candleMessage } from "../../tests/supervisor_harness.ts";
import { assert, assertStringIncludes } from "../../tests/assert.ts";
import { busMetrics } from "./bus.ts";

const log = getLogger(["ct", "test"]);

Deno.test("bus metrics read the transport's per-topic counters once per scrape", async () => {
  const transport = createInProcessBus();
  const bus = transport.connect();
  try {
    await bus.declare("analyzer", ["candle"]);
    await bus.declare("archive", ["candle"]);
    for (let n = 0; n < 3; n++) await bus.publish(candleMessage(1, n));
    let reads = 0;
    const registry = new Registry();
    busMetrics(
      registry,
      () => {
        reads++;
        return bus.stats();
      },
      1_000,
      log,
    );
    const text = await registry.metrics();
    assertStringIncludes(text, 'bus_messages_published_total{topic="candle"} 3');
    assertStringIncludes(text, 'bus_messages_consumed_total{topic="candle"} 0');
    // Two groups, nothing consumed yet: three waiting in each.
    assertStringIncludes(text, 'bus_backlog{topic="candle"} 6');
    assertStringIncludes(text, 'bus_dead_letters_total{topic="candle"} 0');
    assertStringIncludes(text, 'bus_dropped_total{topic="candle"} 0');
    assertStringIncludes(text, "# TYPE bus_backlog gauge");
    assert(reads === 1, `${reads} reads of the bus for one scrape`);
  } finally {
    await bus.close();
  }
});

Deno.test("a bus that does not answer in time leaves its metrics out of the scrape", async () => {
  const registry = new Registry();
  let answer = false;
  busMetrics(
    registry,
    () =>
      answer
        ? Promise.resolve({
          candle: {
            published: 1,
            consumed: 1,
            deadLettered: 0,
            dropped: 0,
            backlog: 0,
            oldestAgeMs: null,
          },
        })
        : new Promise((_, reject) => setTimeout(() => reject(new Error("gone")), 100)),
    20,
    log,
  );
  const start = performance.now();
  const text = await registry.metrics();
  assert(performance.now() - start < 90, "the scrape waited for the hung bus");
  assert(!text.includes("bus_backlog{"), text);
  answer = true;
  assertStringIncludes(await registry.metrics(), 'bus_backlog{topic="candle"} 0');
  await new Promise((r) => setTimeout(r, 100)); // let the late rejection land
});
