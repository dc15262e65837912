import { createInProcessBus, type PortBus } from "../bus/in_process/mod.ts";
import type { Bus } from "../bus/types.ts";
import { type Candle, candleBatchOf, createMessage } from "../messages/mod.ts";
import { assertEquals } from "./assert.ts";
import { waitFor } from "./supervisor_harness.ts";
import { runBatchContract } from "./bus_batch_contract.ts";
import { runBusContract } from "./bus_contract.ts";
import { candle, type MakeFixture } from "./bus_contract_support.ts";
import { runCloseContract } from "./bus_close_contract.ts";
import { runHoldContract } from "./bus_hold_contract.ts";
import { runMessageBatchContract } from "./bus_message_batch_contract.ts";

// The in-process transport over real MessageChannels, the same link a worker uses.
const makeFixture: MakeFixture = (policies) => {
  const transport = createInProcessBus({ policies });
  const open: Bus[] = [];
  return Promise.resolve({
    open: () => {
      const bus = transport.connect({ retryDelayMs: 5 });
      open.push(bus);
      return Promise.resolve(bus);
    },
    injectRaw: async (topic, _key, raw) => {
      await transport.broker.publishRaw(topic, raw);
    },
    kill: async (bus) => {
      open.splice(open.indexOf(bus), 1);
      await transport.kill(bus as PortBus);
    },
    dispose: async () => {
      await Promise.all(open.map((b) => b.close()));
    },
  });
};
runBusContract("in-process", makeFixture);
runBatchContract("in-process", makeFixture);
runHoldContract("in-process", makeFixture);
runCloseContract("in-process", makeFixture);
runMessageBatchContract("in-process", makeFixture);

Deno.test("in-process bus counts a candle batch's rows against the bound: its producer waits for room", async () => {
  const f = await makeFixture({ candle: { capacity: 100, overflow: "block" } });
  try {
    const bus = await f.open();
    await bus.declare("g", ["candle"]);
    const rows = (from: number) =>
      Array.from({ length: 60 }, (_, i) => candle("k", from + i).payload as Candle);
    let resolved = 0;
    const publishing = (async () => {
      for (const from of [0, 60, 120]) {
        await bus.publish(createMessage("candle_batch", candleBatchOf(rows(from)), {
          source: "test",
          key: "k",
          now: from,
        }));
        resolved++;
      }
    })();
    await new Promise((r) => setTimeout(r, 300));
    assertEquals(resolved, 1, "a second batch of 60 rows does not fit in a bound of 100");
    const handled: number[] = [];
    await bus.subscribe({
      group: "g",
      topics: ["candle"],
      handler: (m) => {
        if (m.type === "candle_batch") handled.push(...m.payload.openTime.map((t) => t / 60_000));
      },
    });
    await publishing;
    await waitFor(() => handled.length === 180, 10_000, "180 rows handled");
    assertEquals(handled, Array.from({ length: 180 }, (_, i) => i));
  } finally {
    await f.dispose();
  }
});

Deno.test("in-process bus close hands the broker every message published, batches counted once each", async () => {
  const transport = createInProcessBus({});
  const bus = transport.connect({ retryDelayMs: 5 });
  await bus.declare("g", ["candle"]);
  const rows = Array.from({ length: 50 }, (_, i) => candle("k", i).payload as Candle);
  await bus.publish(createMessage("candle_batch", candleBatchOf(rows), {
    source: "test",
    key: "k",
    now: 0,
  }));
  for (const seq of [50, 51, 52]) await bus.publish(candle("k", seq));
  await bus.close();
  assertEquals(transport.broker.stats().candle?.published, 4);
  assertEquals(transport.broker.groupBacklog("g"), 4);
});
