/**
 * The paper-trading (dry-run) engine: pure functions from (state, signal)
 * and (state, candle) to a new state and the fills to persist.
 *
 * Rules
 * -----
 * Signals (`onSignal`) only schedule; nothing fills on the candle that
 * produced the signal, because its close is already history.
 * - A buy is kept when the strategy holds nothing on that series; a sell
 *   when it holds a position. A buy while holding, or a sell while flat,
 *   cancels whatever that (strategy, series) had pending: the latest signal
 *   wins. A signal older than one already pending, or older than the last
 *   candle processed for its series (its "next open" is gone), is ignored.
 *
 * A candle (`onCandle`) of series S, in this order:
 * 1. Ignored if it is not newer than the last candle of S processed
 *    (redelivery).
 * 2. S is marked at the candle's open. Pending orders of S from earlier
 *    candles are due; one whose signal candle is more than
 *    `fillWindowCandles` timeframes back (a data gap) expires instead.
 * 3. Due exits fill at open × (1 − slippage), before entries, so that the
 *    cash and slots they free are usable on the same open.
 * 4. Due entries fill at open × (1 + slippage), strongest signal first
 *    (then by strategy name), each if the strategy holds nothing on S, open
 *    positions < `maxOpenPositions`, and cash covers stake + fee.
 * 5. Every position on S opened at or before this candle — the ones just
 *    opened included, since the market traded the whole candle after the
 *    open — is checked against its stop-loss / trailing stop (low) and
 *    take-profit (high) with the high-water mark from before this candle;
 *    both hit → the stop (see `checkExits`). A position that survives
 *    raises its high-water mark to the candle's high (reported in
 *    `updates`).
 * 6. S is marked at the close.
 *
 * Ids derive from account, strategy, series and fill time, so replaying the
 * same inputs (a redelivered signal, a restart) yields the same ids, and the
 * store's idempotency by order id turns duplicates into no-ops.
 *
 * @module
 */
import { timeframeMs } from "../market/timeframe.ts";
import { seriesKey } from "../messages/keys.ts";
import type { Candle, Signal } from "../messages/payloads.ts";
import type { PaperFill } from "../store/types.ts";
import { checkExits } from "./exits.ts";
import { entryFill, exitFill } from "./fills.ts";
import {
  holdingKey,
  type PaperState,
  type PendingOrder,
  sortPositions,
  valuation,
} from "./state.ts";
import type { Position, Wallet } from "./types.ts";

/**
 * A pending order that did not fill, and why.
 *
 * @example
 * ```ts
 * for (const s of out.skipped) logger.info("{strategy} {side} skipped: {reason}", { ...s.order, reason: s.reason });
 * ```
 */
export interface SkippedOrder {
  order: PendingOrder;
  reason: "expired" | "position_open" | "no_position" | "max_open_positions" | "insufficient_cash";
}

/**
 * What one candle changed. Persist `fills` in order with
 * `store.applyPaperFill`, then `updates` with `store.updatePosition`.
 *
 * @example
 * ```ts
 * const out: CandleOutcome = onCandle(state, candle);
 * ```
 */
export interface CandleOutcome {
  state: PaperState;
  fills: PaperFill[];
  /** Positions still open whose high-water mark rose. */
  updates: Position[];
  skipped: SkippedOrder[];
}

/**
 * Schedules a signal for the next open of its series (see the rules above).
 *
 * @example
 * ```ts
 * state = onSignal(state, signal);
 * ```
 */
export function onSignal(state: PaperState, signal: Signal): PaperState {
  const seen = state.lastSeen[seriesKey(signal)];
  if (seen !== undefined && signal.openTime < seen) return state;
  const key = holdingKey(signal.strategy, signal);
  const existing = state.pending.find((o) => holdingKey(o.strategy, o) === key);
  if (existing !== undefined && existing.signalTime > signal.openTime) return state;
  const others = state.pending.filter((o) => o !== existing);
  const held = state.positions.some((p) => holdingKey(p.strategy, p) === key);
  if ((signal.side === "buy") === held) {
    return existing === undefined ? state : { ...state, pending: others };
  }
  const order: PendingOrder = {
    exchange: signal.exchange,
    symbol: signal.symbol,
    timeframe: signal.timeframe,
    strategy: signal.strategy,
    side: signal.side,
    signalTime: signal.openTime,
    strength: signal.strength,
    reason: signal.reason,
  };
  const pending = [...others, order].sort((a, b) =>
    compare(a.strategy, b.strategy) || compare(seriesKey(a), seriesKey(b))
  );
  return { ...state, pending };
}

/**
 * Advances the engine by one closed candle (see the rules above).
 *
 * @example
 * ```ts
 * const out = onCandle(state, candle);
 * for (const fill of out.fills) await store.applyPaperFill(fill);
 * for (const p of out.updates) await store.updatePosition(p);
 * state = out.state;
 * ```
 */
export function onCandle(state: PaperState, candle: Candle): CandleOutcome {
  const key = seriesKey(candle);
  const seen = state.lastSeen[key];
  if (seen !== undefined && candle.openTime <= seen) {
    return { state, fills: [], updates: [], skipped: [] };
  }
  const { config } = state;
  const window = config.fillWindowCandles * timeframeMs(candle.timeframe);
  const fills: PaperFill[] = [];
  const updates: Position[] = [];
  const skipped: SkippedOrder[] = [];
  const marks: Record<string, number> = { ...state.marks, [key]: candle.open };
  let wallet: Wallet = state.wallet;
  let positions: Position[] = [...state.positions];

  const pending: PendingOrder[] = [];
  const due: PendingOrder[] = [];
  for (const o of state.pending) {
    if (seriesKey(o) !== key || o.signalTime >= candle.openTime) pending.push(o);
    else if (candle.openTime - o.signalTime > window) skipped.push({ order: o, reason: "expired" });
    else due.push(o);
  }
  const holding = (o: PendingOrder) =>
    positions.find((p) => holdingKey(p.strategy, p) === holdingKey(o.strategy, o));

  for (const o of due.filter((o) => o.side === "sell")) {
    const position = holding(o);
    if (position === undefined) {
      skipped.push({ order: o, reason: "no_position" });
      continue;
    }
    const out = exitFill(
      config,
      wallet,
      position,
      candle.openTime,
      candle.open,
      "signal",
      o.reason,
    );
    fills.push(out.fill);
    wallet = out.fill.wallet;
    positions = positions.filter((p) => p !== position);
  }

  const entries = due.filter((o) => o.side === "buy").sort((a, b) =>
    b.strength - a.strength || compare(a.strategy, b.strategy)
  );
  for (const o of entries) {
    if (holding(o) !== undefined) {
      skipped.push({ order: o, reason: "position_open" });
      continue;
    }
    if (positions.length >= config.maxOpenPositions) {
      skipped.push({ order: o, reason: "max_open_positions" });
      continue;
    }
    const out = entryFill(config, wallet, o, candle, valuation(wallet, positions, marks));
    if ("skip" in out) {
      skipped.push({ order: o, reason: out.skip });
      continue;
    }
    fills.push(out.fill);
    wallet = out.fill.wallet;
    positions.push(out.position);
  }

  positions = positions.flatMap((p) => {
    if (seriesKey(p) !== key || p.entryTime > candle.openTime) return [p];
    const hit = checkExits(p, candle);
    if (hit !== null) {
      const reason = `${hit.exitReason.replace("_", " ")} at ${hit.level}`;
      const out = exitFill(config, wallet, p, candle.openTime, hit.price, hit.exitReason, reason);
      fills.push(out.fill);
      wallet = out.fill.wallet;
      return [];
    }
    if (candle.high <= p.highWater) return [p];
    const raised = { ...p, highWater: candle.high };
    updates.push(raised);
    return [raised];
  });

  marks[key] = candle.close;
  return {
    state: {
      config,
      wallet,
      positions: sortPositions(positions),
      pending,
      marks,
      lastSeen: { ...state.lastSeen, [key]: candle.openTime },
    },
    fills,
    updates,
    skipped,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
