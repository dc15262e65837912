import type { Candle, Signal } from "../messages/payloads.ts";
import { seriesKey } from "../messages/keys.ts";
import { replaySignals } from "../strategies/replay.ts";
import { resolveStrategies } from "../strategies/registry.ts";
import { assert, assertEquals } from "../tests/assert.ts";
import { BTC, ETH, walk } from "./_test_support.ts";
import { type PaperConfig, parsePaperConfig } from "./config.ts";
import { onCandle, onSignal } from "./engine.ts";
import { applyFill, applyUpdate, emptyLedger, type PaperLedger } from "./ledger.ts";
import { createPaperState, equity, fromStored, type PaperState } from "./state.ts";
import type { PaperFill } from "../store/types.ts";

const CONFIG: PaperConfig = parsePaperConfig({
  startingBalance: 10_000,
  stake: { mode: "fraction", fraction: 0.3 },
  maxOpenPositions: 3,
  feeRate: 0.001,
  slippage: 0.0005,
  stopLoss: 0.03,
  takeProfit: 0.05,
  trailingStop: 0.04,
});
const STRATEGIES = [
  { id: "ema_cross", params: { fast: 5, slow: 13 } },
  { id: "rsi_reversion", params: { period: 7, oversold: 35, overbought: 65 } },
  { id: "bollinger", params: { mode: "reversion" } },
];

/** Two series' candles interleaved by time, with each strategy's signals per candle. */
function market(): { candles: Candle[]; signals: Map<Candle, Signal[]> } {
  const series = [walk(400, 11, BTC), walk(400, 29, ETH)];
  const signals = new Map<Candle, Signal[]>();
  for (const candles of series) {
    const { signals: list } = replaySignals(resolveStrategies(STRATEGIES), candles, {
      indicators: { ema: [5, 13], rsi: 7 },
    });
    for (const c of candles) signals.set(c, list.filter((s) => s.openTime === c.openTime));
  }
  const candles = series[0]!.flatMap((c, i) => [c, series[1]![i]!]);
  return { candles, signals };
}

interface Run {
  state: PaperState;
  ledger: PaperLedger;
  fills: PaperFill[];
  /** The state after each candle (and its signals). */
  states: PaperState[];
}

/** The strategy actor's loop: candle → fills persisted → that candle's signals scheduled. */
function drive(run: Run, candles: readonly Candle[], signals: Map<Candle, Signal[]>): Run {
  let { state, ledger } = run;
  const fills = [...run.fills];
  const states = [...run.states];
  for (const c of candles) {
    const out = onCandle(state, c);
    for (const fill of out.fills) {
      const applied = applyFill(ledger, fill);
      assert(applied.applied, `fill ${fill.order.id} is new`);
      ledger = applied.ledger;
    }
    for (const p of out.updates) ledger = applyUpdate(ledger, p);
    fills.push(...out.fills);
    state = out.state;
    for (const s of signals.get(c) ?? []) state = onSignal(state, s);
    states.push(state);
  }
  return { state, ledger, fills, states };
}

const start = (): Run => ({
  state: createPaperState(CONFIG),
  ledger: emptyLedger(),
  fills: [],
  states: [],
});

Deno.test("the fixture market trades enough to exercise every exit", () => {
  const { candles, signals } = market();
  const { ledger } = drive(start(), candles, signals);
  const reasons = new Set(ledger.trades.map((t) => t.exitReason));
  assert(ledger.trades.length >= 20, `${ledger.trades.length} trades`);
  for (const r of ["signal", "stop_loss", "take_profit", "trailing_stop"] as const) {
    assert(reasons.has(r), `some trade exits by ${r}`);
  }
});

Deno.test("the same inputs give the same fills, ids and state", () => {
  const { candles, signals } = market();
  const a = drive(start(), candles, signals);
  const b = drive(start(), candles, signals);
  assertEquals(a, b);
  assertEquals(
    new Set(a.fills.map((f) => f.order.id)).size,
    a.fills.length,
    "order ids are unique",
  );
  assertEquals(JSON.parse(JSON.stringify(a.state)), a.state, "the state is plain data");
});

Deno.test("the ledger's cash plus marked positions equals the engine's equity, and trade PnL adds up", () => {
  const { candles, signals } = market();
  const { state, ledger } = drive(start(), candles, signals);
  assertEquals(ledger.wallet, state.wallet);
  assertEquals(ledger.positions, state.positions);
  // Realised PnL: everything booked on closed trades; the open positions' cost is still out.
  const realised = ledger.trades.reduce((sum, t) => sum + t.pnl, 0);
  const openCost = state.positions.reduce((sum, p) => sum + p.qty * p.entryPrice + p.entryFee, 0);
  const drift = Math.abs(CONFIG.startingBalance + realised - openCost - state.wallet.cash);
  assert(drift < 1e-6, `cash reconciles with trade PnL (off by ${drift})`);
  const marked = state.positions.reduce((sum, p) => sum + p.qty * state.marks[seriesKey(p)]!, 0);
  assertEquals(equity(state), state.wallet.cash + marked);
});

Deno.test("restoring from stored state at any candle and continuing equals an uninterrupted run", () => {
  const { candles, signals } = market();
  const whole = drive(start(), candles, signals);
  let withPositions = 0;
  let withPending = 0;
  for (const k of [1, 37, 150, 401, 612, 797]) {
    const head = drive(start(), candles.slice(0, k + 1), signals);
    // What a restarted actor has: the store's wallet and positions, the last
    // closes, and the signals of the last candle of each series (re-fed).
    const marks = Object.fromEntries(
      candles.slice(0, k + 1).map((c) => [seriesKey(c), c.close]),
    );
    let state = fromStored(
      { wallet: head.ledger.wallet, positions: head.ledger.positions, marks },
      CONFIG,
    );
    for (const c of candles.slice(Math.max(0, k - 1), k + 1)) {
      for (const s of signals.get(c) ?? []) state = onSignal(state, s);
    }
    if (state.positions.length > 0) withPositions++;
    if (state.pending.length > 0) withPending++;
    const resumed = drive({ ...head, state }, candles.slice(k + 1), signals);
    assertEquals(resumed.fills, whole.fills, `fills after a restart at candle ${k}`);
    assertEquals(resumed.ledger, whole.ledger, `stored records after a restart at candle ${k}`);
    // Candle by candle, not only at the end: a stale high-water mark or a
    // lost pending order would show before it is washed out.
    for (let i = k + 1; i < candles.length; i++) {
      const { lastSeen: _a, ...got } = resumed.states[i]!;
      const { lastSeen: _b, ...want } = whole.states[i]!;
      assertEquals(got, want, `engine state at candle ${i} after a restart at candle ${k}`);
    }
    assertEquals(resumed.state, whole.state, `engine state after a restart at candle ${k}`);
  }
  assert(
    withPositions >= 2 && withPending >= 1,
    `${withPositions} restarts held positions, ${withPending} had orders pending`,
  );
});

Deno.test("replaying a candle after a crash regenerates the same order ids, which the store ignores", () => {
  const { candles, signals } = market();
  const k = 300;
  const head = drive(start(), candles.slice(0, k + 1), signals);
  // Find a later candle with fills; persist it, "crash" before remembering
  // the engine state, restore and process the same candle again.
  const rest = candles.slice(k + 1);
  let run = head;
  for (const c of rest) {
    const before = run;
    run = drive(run, [c], signals);
    if (run.fills.length === before.fills.length) continue;
    const marks = Object.fromEntries(
      candles.slice(0, candles.indexOf(c)).map((x) => [seriesKey(x), x.close]),
    );
    let restored = fromStored({
      wallet: before.ledger.wallet,
      positions: before.ledger.positions,
      marks,
    }, CONFIG);
    const previous = candles.slice(0, candles.indexOf(c)).filter((x) =>
      seriesKey(x) === seriesKey(c)
    ).at(-1)!;
    for (const s of signals.get(previous) ?? []) restored = onSignal(restored, s);
    const again = onCandle(restored, c);
    assertEquals(again.fills, run.fills.slice(before.fills.length));
    let ledger = run.ledger;
    for (const fill of again.fills) {
      const applied = applyFill(ledger, fill);
      assertEquals(applied.applied, false, `fill ${fill.order.id} is a duplicate`);
      ledger = applied.ledger;
    }
    assertEquals(ledger, run.ledger);
    return;
  }
  throw new Error("the fixture has no fill after candle 300");
});
