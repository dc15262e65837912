import { getLogger } from "@logtape/logtape";
import { validateConfig } from "../config/mod.ts";
import { SimSource } from "../market/sim/mod.ts";
import type { Candle } from "../messages/mod.ts";
import { candleHistory, hasCandlesBetween } from "../store/history.ts";
import { openStore } from "../store/mod.ts";
import { resolveStrategies } from "../strategies/mod.ts";
import { analyse } from "../strategies/replay.ts";
import { TradingDesk } from "../actors/strategy/desk.ts";
const N = Number(Deno.args[0] ?? 131_400);
const config = validateConfig({});
const strategies = resolveStrategies(config.strategies);
const SERIES = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
const sim = new SimSource({ seed: "bench-year" });
const candles: Candle[] = [];
while (candles.length < N) {
  candles.push(
    ...await sim.fetchClosed(
      SERIES,
      Date.UTC(2024, 0, 1) + candles.length * 60_000,
      1000,
      Number.MAX_SAFE_INTEGER,
    ),
  );
}
await sim.close();
const analyses = analyse(candles);
const dir = await Deno.makeTempDir();
const store = await openStore({ dataDir: dir });
await store.upsertCandles(candles.slice(0, 10));
const desk = await TradingDesk.open({
  strategies,
  paper: config.paper,
  store,
  history: (s, b) => candleHistory(store, s, b),
  hasBetween: (s, a, b) => hasCandlesBetween(store, s, a, b),
  log: getLogger(["x"]),
});
const t0 = performance.now();
for (let i = 0; i < analyses.length; i += 1000) await desk.onAnalyses(analyses.slice(i, i + 1000));
const ms = performance.now() - t0;
console.log(
  `desk: ${N} analyses in ${ms.toFixed(0)} ms = ${
    (ms * 1000 / N).toFixed(1)
  } µs each; signals ${desk.signals} fills ${desk.fills}`,
);
await store.close();
await Deno.remove(dir, { recursive: true });
