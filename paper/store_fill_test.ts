import { seriesKey } from "../messages/keys.ts";
import { openStore } from "../store/open.ts";
import { assert, assertEquals } from "../tests/assert.ts";
import { BTC, walk } from "./_test_support.ts";
import { parsePaperConfig } from "./config.ts";
import { onCandle, onSignal } from "./engine.ts";
import { createPaperState, fromStored } from "./state.ts";
import type { Signal } from "../messages/payloads.ts";

// The embedded SQLite store (a file in a temporary directory, no service):
// proves the engine's output satisfies the real schema and idempotency.
Deno.test("the engine's fills and updates apply to the real store, and the store restores the engine", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ct-paper-" });
  const store = await openStore({ dataDir: dir });
  try {
    const config = parsePaperConfig({
      stake: { mode: "fixed", amount: 500 },
      stopLoss: 0.02,
      takeProfit: 0.03,
      trailingStop: 0.025,
    });
    const candles = walk(120, 5);
    // Alternate buy and sell signals every few candles: plenty of fills.
    const signalAt = (i: number): Signal | null =>
      i % 4 === 0 || i % 4 === 2
        ? {
          ...BTC,
          strategy: "alt",
          openTime: candles[i]!.openTime,
          side: i % 4 === 0 ? "buy" : "sell",
          strength: 0.5,
          price: candles[i]!.close,
          reason: `alternating at ${i}`,
          indicators: {},
        }
        : null;
    let state = createPaperState(config);
    let fills = 0;
    let exits = 0;
    for (let i = 0; i < candles.length; i++) {
      const out = onCandle(state, candles[i]!);
      for (const fill of out.fills) {
        assertEquals(await store.applyPaperFill(fill), true, `fill ${fill.order.id} applies`);
        assertEquals(
          await store.applyPaperFill(fill),
          false,
          `fill ${fill.order.id} is idempotent`,
        );
        fills++;
        if (fill.order.side === "sell") exits++;
      }
      for (const p of out.updates) await store.updatePosition(p);
      state = out.state;
      const s = signalAt(i);
      if (s) state = onSignal(state, s);
    }
    assert(fills > 40, `${fills} fills`);
    assertEquals(await store.wallet(config.account), state.wallet);
    assertEquals(await store.positions(config.account), state.positions);
    const trades = await store.trades({ account: config.account, limit: 1000 });
    assertEquals(trades.length, exits);
    assertEquals(fills, 2 * exits + state.positions.length);
    assert(new Set(trades.map((t) => t.exitReason)).size >= 3, "signal and protective exits occur");
    const restored = fromStored({
      wallet: await store.wallet(config.account),
      positions: await store.positions(config.account),
      marks: { [seriesKey(BTC)]: candles.at(-1)!.close },
    }, config);
    assertEquals(restored.wallet, state.wallet);
    assertEquals(restored.positions, state.positions);
    assertEquals(restored.marks, state.marks);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
