import { assert, assertEquals } from "../../tests/assert.ts";
import { createMessage } from "../../messages/mod.ts";
import { Broker, BrokerPort, PortBus } from "./mod.ts";

const payload = {
  exchange: "binance",
  symbol: "BTC/USDT",
  timeframe: "1m",
  openTime: 60_000,
  open: 1,
  high: 2,
  low: 0.5,
  close: 1.5,
  volume: 10,
};

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
      await bus.publish(createMessage("candle", { ...payload, openTime: i * 60_000 }, {
        source: "t",
        key: "k",
        now: 1,
      }));
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
