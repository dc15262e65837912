import { getLogger } from "@logtape/logtape";
import { Registry } from "prom-client";
import type { Position } from "../../paper/types.ts";
import { openStore } from "../../store/mod.ts";
import { assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { paperMetrics, paperSnapshot } from "./paper.ts";

Deno.test("paper equity values open positions at the latest stored close", async () => {
  const dir = await Deno.makeTempDir();
  const store = await openStore({ dataDir: dir });
  try {
    const series = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
    assertEquals(await paperSnapshot(store, "default"), null);
    await store.saveWallet({
      account: "default",
      cash: 9_000,
      startingBalance: 10_000,
      updatedAt: 0,
    });
    const position: Position = {
      ...series,
      id: "p1",
      account: "default",
      strategy: "ema_cross",
      qty: 2,
      entryPrice: 500,
      entryTime: 0,
      stopLoss: null,
      takeProfit: null,
      trailingStop: null,
      highWater: 500,
      entryFee: 1,
    };
    await store.openPosition(position);
    // No candle stored yet: valued at its entry price.
    assertEquals(await paperSnapshot(store, "default"), {
      cash: 9_000,
      equity: 10_000,
      openPositions: 1,
    });
    await store.upsertCandles([
      { ...series, openTime: 0, open: 500, high: 520, low: 490, close: 510, volume: 1 },
      { ...series, openTime: 60_000, open: 510, high: 560, low: 505, close: 550, volume: 1 },
    ]);
    assertEquals((await paperSnapshot(store, "default"))?.equity, 10_100);

    const registry = new Registry();
    paperMetrics(registry, {
      store: () => Promise.resolve(store),
      account: "default",
      timeoutMs: 1_000,
      log: getLogger(["ct", "test"]),
    });
    const text = await registry.metrics();
    assertStringIncludes(text, 'paper_equity{account="default"} 10100');
    assertStringIncludes(text, 'paper_cash{account="default"} 9000');
    assertStringIncludes(text, 'paper_open_positions{account="default"} 1');
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
