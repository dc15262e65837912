import { assertEquals, assertRejects } from "../../tests/assert.ts";
import type { Signal } from "../../messages/mod.ts";
import { SignalOutbox } from "./signal_outbox.ts";

const signal = (openTime: number): Signal => ({
  exchange: "binance",
  symbol: "BTC/USDT",
  timeframe: "1m",
  strategy: "rsi",
  openTime,
  side: "buy",
  strength: 0.5,
  price: 100,
  reason: "test",
  indicators: {},
});

Deno.test("signals a failed publish left go out first on the next flush, in order, none twice", async () => {
  const sent: number[] = [];
  let down = true;
  const outbox = new SignalOutbox((s) => {
    if (down && s.openTime === 2) return Promise.reject(new Error("redis unreachable"));
    sent.push(s.openTime);
    return Promise.resolve();
  });
  outbox.add([signal(1), signal(2), signal(3)]);
  await assertRejects(() => outbox.flush(), "redis unreachable");
  assertEquals([sent, outbox.size], [[1], 2]);
  down = false;
  outbox.add([signal(4)]);
  await outbox.flush();
  assertEquals([sent, outbox.size], [[1, 2, 3, 4], 0]);
});
