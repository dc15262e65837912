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

Deno.test("flushes called together publish each signal once, in order", async () => {
  const sent: number[] = [];
  const outbox = new SignalOutbox(async (s) => {
    await new Promise((r) => setTimeout(r, 1));
    sent.push(s.openTime);
  });
  outbox.add([signal(1), signal(2)]);
  const first = outbox.flush();
  outbox.add([signal(3)]);
  await Promise.all([first, outbox.flush(), outbox.flush()]);
  assertEquals(sent, [1, 2, 3]);
});

Deno.test("published marks name each series' newest published signal, and only once all are out", async () => {
  let down = true;
  const outbox = new SignalOutbox((s) =>
    down && s.openTime === 3 ? Promise.reject(new Error("redis unreachable")) : Promise.resolve()
  );
  const eth = (openTime: number): Signal => ({ ...signal(openTime), symbol: "ETH/USDT" });
  outbox.add([signal(1), eth(2), signal(3)]);
  await assertRejects(() => outbox.flush(), "redis unreachable");
  assertEquals(outbox.takeMarks(), [], "a signal still waits");
  down = false;
  await outbox.flush();
  const series = (symbol: string) => ({ exchange: "binance", symbol, timeframe: "1m" });
  assertEquals(outbox.takeMarks(), [
    { series: series("BTC/USDT"), openTime: 3 },
    { series: series("ETH/USDT"), openTime: 2 },
  ]);
  assertEquals(outbox.takeMarks(), [], "taken marks are not given again");
});
