// deno-lint-ignore-file no-console -- a bench reports its figures on stdout
/**
 * Strategy and paper-engine throughput over 10k one-minute candles. The
 * baseline is the analyzer's work alone (IndicatorSet over the same candles,
 * building the Analysis records), so each other figure minus it is what
 * the strategy or the paper engine adds per candle.
 *
 * @module
 */
import type { Candle, Signal } from "../messages/payloads.ts";
import { onCandle, onSignal } from "../paper/engine.ts";
import { parsePaperConfig } from "../paper/config.ts";
import { createPaperState } from "../paper/state.ts";
import { analyse, evaluateSignal, resolveStrategies, startRun } from "../strategies/mod.ts";

const COUNT = 10_000;
const SERIES = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };

function walk(n: number): Candle[] {
  let s = 42;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const out: Candle[] = [];
  let price = 30_000;
  for (let i = 0; i < n; i++) {
    const close = price * (1 + (rand() - 0.5) * 0.004);
    out.push({
      ...SERIES,
      openTime: 1_704_067_200_000 + i * 60_000,
      open: price,
      high: Math.max(price, close) * (1 + rand() * 0.001),
      low: Math.min(price, close) * (1 - rand() * 0.001),
      close,
      volume: rand() * 50,
    });
    price = close;
  }
  return out;
}

const candles = walk(COUNT);
const analyses = analyse(candles);
// Module-level, so the engine cannot drop the loops that feed it.
let sink = 0;

function evaluateAll(config: { id: string; params?: Record<string, unknown> }[]): Signal[] {
  const strategies = resolveStrategies(config);
  const runs = strategies.map(startRun);
  const signals: Signal[] = [];
  for (let c = 0; c < COUNT; c++) {
    for (let i = 0; i < strategies.length; i++) {
      const out = evaluateSignal(strategies[i]!, runs[i]!, candles[c]!, analyses[c]!);
      runs[i] = out.run;
      if (out.signal) signals.push(out.signal);
    }
  }
  return signals;
}

Deno.bench("analyzer IndicatorSet + Analysis records, 10k candles", {
  group: "per candle",
  baseline: true,
}, () => {
  sink += analyse(candles).length;
});

for (const id of ["ema_cross", "rsi_reversion", "macd_cross", "bollinger", "vote"]) {
  Deno.bench(`${id} evaluateSignal, 10k candles`, { group: "per candle" }, () => {
    sink += evaluateAll([{ id }]).length;
  });
}

const signals = evaluateAll([{ id: "ema_cross", params: { fast: 5, slow: 13 } }]);
const byTime = new Map(signals.map((s) => [s.openTime, s]));
const config = parsePaperConfig({ stopLoss: 0.01, takeProfit: 0.02, trailingStop: 0.01 });

Deno.bench(`paper engine onCandle + onSignal, 10k candles (${signals.length} signals)`, {
  group: "per candle",
}, () => {
  let state = createPaperState(config);
  for (const c of candles) {
    const out = onCandle(state, c);
    sink += out.fills.length;
    state = out.state;
    const s = byTime.get(c.openTime);
    if (s) state = onSignal(state, s);
  }
});

globalThis.addEventListener("unload", () => {
  if (sink === -1) console.log(sink);
});
