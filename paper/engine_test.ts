import { assert, assertEquals } from "../tests/assert.ts";
import { bar, BTC, ETH, exactConfig, MIN, sig, T0 } from "./_test_support.ts";
import { onCandle, onSignal } from "./engine.ts";
import { createPaperState, equity, type PaperState, unrealizedPnl } from "./state.ts";

const PID = `default:s1:binance:BTC/USDT:1m:${T0 + MIN}`;

/** Candle 0 closes, its buy signal arrives, candle 1 opens at 128. */
function opened(overrides: Record<string, unknown> = {}) {
  let state = createPaperState(exactConfig(overrides));
  state = onCandle(state, bar(0, { open: 127 })).state;
  state = onSignal(state, sig(0, "buy"));
  return { before: state, out: onCandle(state, bar(1, { open: 128, close: 130 })) };
}

Deno.test("a buy signal fills at the next candle's open plus slippage, with the fee in quote on top", () => {
  const { before, out } = opened();
  assertEquals(before.wallet.cash, 10_000, "nothing fills on the signal's own candle");
  // 128 × (1 + 1/128) = 129; qty 1032 / 129 = 8; fee 1032 / 1024 = 1.0078125.
  const position = {
    id: PID,
    account: "default",
    strategy: "s1",
    ...BTC,
    qty: 8,
    entryPrice: 129,
    entryTime: T0 + MIN,
    stopLoss: null,
    takeProfit: null,
    trailingStop: null,
    highWater: 128,
    entryFee: 1.0078125,
  };
  assertEquals(out.fills, [{
    order: {
      id: `${PID}:buy`,
      account: "default",
      strategy: "s1",
      positionId: PID,
      ...BTC,
      side: "buy",
      qty: 8,
      price: 129,
      fee: 1.0078125,
      time: T0 + MIN,
      reason: "s1 says buy",
    },
    wallet: {
      account: "default",
      cash: 8966.9921875,
      startingBalance: 10_000,
      updatedAt: T0 + MIN,
    },
    open: position,
  }]);
  // The candle traded up to 130 after the open: the high-water mark follows.
  assertEquals(out.updates, [{ ...position, highWater: 130 }]);
  assertEquals(out.state.positions, [{ ...position, highWater: 130 }]);
  assertEquals(out.state.pending, []);
});

Deno.test("a sell signal closes at the next open minus slippage and books PnL net of both fees", () => {
  let state = opened().out.state;
  state = onSignal(state, sig(1, "sell"));
  const out = onCandle(state, bar(2, { open: 256, close: 250 }));
  // 256 × (1 − 1/128) = 254; proceeds 8 × 254 = 2032; fee 2032 / 1024 = 1.984375.
  // Cost 8 × 129 + 1.0078125 = 1033.0078125; PnL 2032 − 1.984375 − 1033.0078125.
  const [fill] = out.fills;
  assertEquals(fill!.order.id, `${PID}:sell`);
  assertEquals([fill!.order.price, fill!.order.fee, fill!.order.qty], [254, 1.984375, 8]);
  assertEquals(fill!.close, {
    positionId: PID,
    trade: {
      id: PID,
      account: "default",
      strategy: "s1",
      ...BTC,
      qty: 8,
      entryPrice: 129,
      exitPrice: 254,
      entryTime: T0 + MIN,
      exitTime: T0 + 2 * MIN,
      pnl: 997.0078125,
      pnlPct: 997.0078125 / 1033.0078125,
      fees: 2.9921875,
      exitReason: "signal",
    },
  });
  assertEquals(fill!.wallet.cash, 10_997.0078125);
  assertEquals(out.state.positions, []);
  assertEquals(equity(out.state), 10_997.0078125, "flat: equity is cash");
  assertEquals(equity(out.state) - out.state.wallet.startingBalance, 997.0078125);
});

Deno.test("equity marks open positions at the last close and unrealised PnL counts the entry fee", () => {
  const { state } = opened().out;
  assertEquals(equity(state), 8966.9921875 + 8 * 130);
  assertEquals(unrealizedPnl(state), 8 * (130 - 129) - 1.0078125);
});

Deno.test("entries beyond max open positions are skipped, strongest signals first", () => {
  let state = createPaperState(exactConfig({ maxOpenPositions: 2 }));
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy", "weak", 0.2));
  state = onSignal(state, sig(0, "buy", "strong", 0.9));
  state = onSignal(state, sig(0, "buy", "mid", 0.5));
  const out = onCandle(state, bar(1, { open: 128 }));
  assertEquals(out.fills.map((f) => f.order.strategy), ["strong", "mid"]);
  assertEquals(out.skipped.map((s) => [s.order.strategy, s.reason]), [[
    "weak",
    "max_open_positions",
  ]]);
  assertEquals(out.state.wallet.cash, 10_000 - 2 * (1032 + 1.0078125));
});

Deno.test("an exit frees its slot and cash for an entry on the same open", () => {
  let state = createPaperState(exactConfig({ maxOpenPositions: 1 }));
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy", "a"));
  state = onCandle(state, bar(1, { open: 128 })).state;
  state = onSignal(state, sig(1, "sell", "a"));
  state = onSignal(state, sig(1, "buy", "b"));
  const out = onCandle(state, bar(2, { open: 128 }));
  assertEquals(out.fills.map((f) => [f.order.strategy, f.order.side]), [["a", "sell"], [
    "b",
    "buy",
  ]]);
  assertEquals(out.state.positions.map((p) => p.strategy), ["b"]);
});

Deno.test("a fixed stake that cash plus fee cannot cover is skipped", () => {
  let state = createPaperState(exactConfig({ startingBalance: 1032 }));
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy"));
  const out = onCandle(state, bar(1, { open: 128 }));
  assertEquals(out.fills, []);
  assertEquals(out.skipped.map((s) => s.reason), ["insufficient_cash"]);
  assertEquals(out.state.wallet.cash, 1032);
});

Deno.test("a fraction-of-equity stake is sized on equity at the open and capped at the cash left", () => {
  let state = createPaperState(exactConfig({ stake: { mode: "fraction", fraction: 0.5 } }));
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy", "a"));
  let out = onCandle(state, bar(1, { open: 128, close: 128 }));
  // Equity 10 000 → stake 5000 at 129, fee 5000/1024.
  assertEquals(out.fills[0]!.order.qty, 5000 / 129);
  assertEquals(out.state.wallet.cash, 10_000 - 5000 - 5000 / 1024);
  state = onSignal(out.state, sig(1, "buy", "b"));
  out = onCandle(state, bar(2, { open: 256 }));
  // Equity at the 256 open: the cash plus 5000/129 units at 256, half of which
  // exceeds the cash, so the stake is everything cash can pay with its fee.
  const cash = 10_000 - 5000 - 5000 / 1024;
  const stake = cash / (1 + 1 / 1024);
  assert(0.5 * (cash + (5000 / 129) * 256) > stake);
  // The buy fills at 256 × (1 + 1/128) = 258.
  assertEquals(out.fills[0]!.order.qty, stake / 258);
  assertEquals(out.fills[0]!.order.fee, stake / 1024);
  assertEquals(out.state.wallet.cash, 0);
});

Deno.test("a sell while flat and a buy while holding are ignored, and a redelivered signal changes nothing", () => {
  let state: PaperState = createPaperState(exactConfig());
  state = onCandle(state, bar(0, { open: 128 })).state;
  assertEquals(onSignal(state, sig(0, "sell")), state, "a sell while flat is ignored");
  state = onSignal(state, sig(0, "buy"));
  state = onCandle(state, bar(1, { open: 128 })).state;
  assertEquals(onSignal(state, sig(1, "buy")), state, "a buy while holding is ignored");
  const selling = onSignal(state, sig(1, "sell"));
  assertEquals(selling.pending.map((o) => o.side), ["sell"]);
  assertEquals(onSignal(selling, sig(1, "sell")), selling, "a redelivered signal changes nothing");
});

Deno.test("a later opposite signal replaces a pending one and an older one is ignored", () => {
  let state = createPaperState(exactConfig());
  state = onSignal(state, sig(5, "buy"));
  assertEquals(
    onSignal(state, sig(4, "sell")).pending,
    state.pending,
    "older than the pending one",
  );
  assertEquals(
    onSignal(state, sig(6, "sell")).pending,
    [],
    "a newer sell while flat cancels the buy",
  );
});

Deno.test("a signal older than the last candle processed for its series is stale and ignored", () => {
  let state = createPaperState(exactConfig());
  state = onCandle(state, bar(3, { open: 128 })).state;
  assertEquals(onSignal(state, sig(2, "buy")), state);
  assertEquals(onSignal(state, sig(3, "buy")).pending.length, 1);
});

Deno.test("a pending order expires when its series skips the next candle", () => {
  let state = createPaperState(exactConfig());
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy"));
  const out = onCandle(state, bar(2, { open: 128 }));
  assertEquals(out.fills, []);
  assertEquals(out.skipped.map((s) => s.reason), ["expired"]);
  assertEquals(out.state.pending, []);
  const wide = onCandle(
    { ...state, config: { ...state.config, fillWindowCandles: 2 } },
    bar(2, { open: 128 }),
  );
  assertEquals(wide.fills.length, 1, "a wider fill window accepts the gap");
});

Deno.test("a redelivered or older candle changes nothing", () => {
  const { out } = opened();
  const again = onCandle(out.state, bar(1, { open: 1, low: 0.5 }));
  assertEquals(again, { state: out.state, fills: [], updates: [], skipped: [] });
});

Deno.test("each series fills and stops only on its own candles", () => {
  let state = createPaperState(exactConfig({ stopLoss: 0.125 }));
  state = onCandle(state, bar(0, { open: 128 }, BTC)).state;
  state = onCandle(state, bar(0, { open: 64 }, ETH)).state;
  state = onSignal(state, sig(0, "buy", "s1", 0.5, BTC));
  state = onSignal(state, sig(0, "buy", "s1", 0.5, ETH));
  const btc = onCandle(state, bar(1, { open: 128 }, BTC));
  assertEquals(btc.fills.map((f) => f.order.symbol), ["BTC/USDT"]);
  assertEquals(btc.state.pending.map((o) => o.symbol), ["ETH/USDT"]);
  // An ETH candle far below BTC's stop does not touch the BTC position.
  const eth = onCandle(btc.state, bar(1, { open: 64, low: 1 }, ETH));
  assertEquals(eth.fills.map((f) => [f.order.symbol, f.order.side]), [
    ["ETH/USDT", "buy"],
    ["ETH/USDT", "sell"],
  ]);
  assertEquals(eth.state.positions.map((p) => p.symbol), ["BTC/USDT"]);
});
