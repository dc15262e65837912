import { ConfigError } from "../lib/errors.ts";
import { assert, assertEquals, assertThrows } from "../tests/assert.ts";
import { bar, BTC, exactConfig, MIN, sig, T0 } from "./_test_support.ts";
import { parsePaperConfig } from "./config.ts";
import { onCandle, onSignal } from "./engine.ts";
import { createPaperState, equity, fromStored, positionId } from "./state.ts";

Deno.test("paper config defaults are complete and bad settings name the field, value and expectation", () => {
  const config = parsePaperConfig({});
  assertEquals(config.stake, { mode: "fraction", fraction: 0.1 });
  assertEquals([config.stopLoss, config.takeProfit, config.trailingStop], [null, null, null]);
  const e = assertThrows(() =>
    parsePaperConfig({ feeRate: 0.5, stake: { mode: "fixed", amount: -1 } })
  );
  assert(e instanceof ConfigError);
  assertEquals(
    e.message,
    "paper.stake.amount = -1 is invalid: expected a positive amount; paper.feeRate = 0.5 is invalid: expected a fee rate in [0, 0.1]",
  );
  assertThrows(
    () => parsePaperConfig({ stopLos: 0.1 }),
    "paper: unknown setting stopLos; known: account,",
  );
});

Deno.test("position ids derive from account, strategy, series and fill time", () => {
  assertEquals(positionId("default", "rsi", BTC, 60_000), "default:rsi:binance:BTC/USDT:1m:60000");
});

Deno.test("a missing stored wallet starts the account fresh", () => {
  const config = exactConfig();
  assertEquals(fromStored({ wallet: null, positions: [] }, config), createPaperState(config));
});

Deno.test("restoring refuses another account's wallet or positions and duplicate holdings", () => {
  let state = createPaperState(exactConfig());
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy"));
  state = onCandle(state, bar(1, { open: 128 })).state;
  const [p] = state.positions;
  const other = exactConfig({ account: "other" });
  assertThrows(
    () => fromStored({ wallet: state.wallet, positions: [] }, other),
    'stored wallet is for account "default" but the paper config says "other"',
  );
  assertThrows(
    () => fromStored({ wallet: null, positions: [p!] }, other),
    `stored position ${p!.id} is for account "default", expected "other"`,
  );
  assertThrows(
    () => fromStored({ wallet: state.wallet, positions: [p!, { ...p!, id: "x" }] }, exactConfig()),
    "two open positions for s1@binance:BTC/USDT:1m",
  );
});

Deno.test("without marks a restored position is valued at its entry price until its next candle", () => {
  let state = createPaperState(exactConfig());
  state = onCandle(state, bar(0, { open: 128 })).state;
  state = onSignal(state, sig(0, "buy"));
  state = onCandle(state, bar(1, { open: 128, close: 140 })).state;
  const restored = fromStored({ wallet: state.wallet, positions: state.positions }, exactConfig());
  assertEquals(equity(restored), state.wallet.cash + 8 * 129);
  const marked = fromStored(
    { wallet: state.wallet, positions: state.positions, marks: state.marks },
    exactConfig(),
  );
  assertEquals(equity(marked), equity(state));
  assertEquals(restored.positions[0]!.entryTime, T0 + MIN);
});
