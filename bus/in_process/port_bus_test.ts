import { assert, assertEquals } from "../../tests/assert.ts";
import { candle } from "../../tests/bus_contract_support.ts";
import { Broker, BrokerPort, PortBus } from "./mod.ts";

Deno.test("a producer awaiting each publish sends them many to a frame while the broker has room", async () => {
  const broker = new Broker();
  broker.declare("g", ["candle"]);
  let frames = 0;
  const { port1, port2 } = new MessageChannel();
  const server = new BrokerPort(broker, (f) => port1.postMessage(f));
  port1.onmessage = (e) => {
    if ((e.data as { t?: string }).t === "pub") frames++;
    server.handle(e.data);
  };
  const bus = new PortBus({ send: (f) => port2.postMessage(f) });
  port2.onmessage = (e) => bus.handle(e.data);
  try {
    for (let i = 0; i < 3_000; i++) {
      await bus.publish(candle("k", i));
    }
    await bus.flushed();
    assertEquals(broker.stats().candle?.published, 3_000);
    // Room is reported per topic of each frame; without it every publish waits for its own frame.
    assert(frames < 100, `3,000 publishes went out in ${frames} frames`);
  } finally {
    server.close(false);
    port1.close();
    port2.close();
  }
});
