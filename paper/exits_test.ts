import { assertEquals } from "../tests/assert.ts";
import { bar, exactConfig, sig } from "./_test_support.ts";
import { onCandle, onSignal } from "./engine.ts";
import { createPaperState, type PaperState } from "./state.ts";

// Entries fill at 128 × (1 + 1/128) = 129 (8 units for the 1032 stake).
// Stop-loss 1/8 → 112.875; take-profit 1/4 → 161.25; exits fill at level × 127/128.
function holding(overrides: Record<string, unknown>): PaperState {
  let state = createPaperState(exactConfig(overrides));
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy"));
  const out = onCandle(state, bar(1, { open: 128 }));
  assertEquals(out.fills.length, 1, "the entry filled and nothing else happened");
  return out.state;
}
const exitOf = (state: PaperState, candle: ReturnType<typeof bar>) => {
  const out = onCandle(state, candle);
  return out.fills.map((f) => [f.close?.trade.exitReason, f.order.price]);
};

Deno.test("the position records absolute stop-loss and take-profit levels from the entry price", () => {
  const [p] = holding({ stopLoss: 0.125, takeProfit: 0.25, trailingStop: 0.25 }).positions;
  assertEquals([p!.stopLoss, p!.takeProfit, p!.trailingStop, p!.highWater], [
    112.875,
    161.25,
    0.25,
    128,
  ]);
});

Deno.test("a candle whose low reaches the stop-loss exits at the stop minus slippage", () => {
  const state = holding({ stopLoss: 0.125 });
  assertEquals(exitOf(state, bar(2, { open: 120, low: 113 })), [], "113 is above the stop");
  assertEquals(exitOf(state, bar(2, { open: 120, low: 110, close: 115 })), [[
    "stop_loss",
    112.875 * 127 / 128,
  ]]);
});

Deno.test("a candle that gaps below the stop exits at its open, not at the untraded stop", () => {
  const state = holding({ stopLoss: 0.125 });
  assertEquals(exitOf(state, bar(2, { open: 100, low: 96, close: 98 })), [[
    "stop_loss",
    100 * 127 / 128,
  ]]);
});

Deno.test("a candle whose high reaches the take-profit exits there, or at a higher gap open", () => {
  const state = holding({ takeProfit: 0.25 });
  assertEquals(exitOf(state, bar(2, { open: 150, high: 161 })), []);
  assertEquals(exitOf(state, bar(2, { open: 150, high: 170 })), [[
    "take_profit",
    161.25 * 127 / 128,
  ]]);
  assertEquals(exitOf(state, bar(2, { open: 165, high: 170 })), [["take_profit", 165 * 127 / 128]]);
});

Deno.test("when stop-loss and take-profit are both hit in one candle the stop-loss is assumed first", () => {
  const state = holding({ stopLoss: 0.125, takeProfit: 0.25 });
  const out = onCandle(state, bar(2, { open: 130, high: 170, low: 100 }));
  assertEquals(out.fills.map((f) => f.close?.trade.exitReason), ["stop_loss"]);
  // 8 × 112.875 × 127/128 proceeds, less 1/1024 fee, less the 1033.0078125 entry cost.
  const proceeds = 8 * (112.875 * 127 / 128);
  assertEquals(out.fills[0]!.close!.trade.pnl, proceeds - proceeds / 1024 - 1033.0078125);
});

Deno.test("the trailing stop checks the previous high-water mark before raising it to the candle high", () => {
  let state = holding({ trailingStop: 0.25 });
  // High-water 128 → stop 96. This candle's high would put the stop at 150,
  // above its low of 140, but the high may have come after the low.
  let out = onCandle(state, bar(2, { open: 130, high: 200, low: 140, close: 180 }));
  assertEquals(out.fills, []);
  assertEquals(out.updates.map((p) => p.highWater), [200]);
  state = out.state;
  out = onCandle(state, bar(3, { open: 180, high: 190, low: 151 }));
  assertEquals([out.fills, out.updates], [[], []], "151 is above 150 and 190 raises nothing");
  out = onCandle(out.state, bar(4, { open: 160, low: 149 }));
  assertEquals(out.fills.map((f) => [f.close?.trade.exitReason, f.order.price]), [
    ["trailing_stop", 150 * 127 / 128],
  ]);
});

Deno.test("the higher of stop-loss and trailing stop is the one that triggers", () => {
  const state = holding({ stopLoss: 0.125, trailingStop: 0.5 });
  // Trail 128 × 0.5 = 64 is below the 112.875 stop-loss.
  assertEquals(exitOf(state, bar(2, { open: 120, low: 110 }))[0]![0], "stop_loss");
  const raised = onCandle(state, bar(2, { open: 130, high: 240, low: 125 })).state;
  // Now the trail is 240 × 0.5 = 120, above the stop-loss.
  assertEquals(exitOf(raised, bar(3, { open: 130, low: 118 })), [[
    "trailing_stop",
    120 * 127 / 128,
  ]]);
});

Deno.test("a position can be stopped out on its entry candle", () => {
  let state = createPaperState(exactConfig({ stopLoss: 0.125 }));
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy"));
  const out = onCandle(state, bar(1, { open: 128, low: 100, close: 105 }));
  assertEquals(out.fills.map((f) => f.order.side), ["buy", "sell"]);
  assertEquals(out.fills[1]!.close!.trade.exitReason, "stop_loss");
  assertEquals(out.state.positions, []);
  assertEquals(out.updates, [], "a closed position gets no high-water update");
});
