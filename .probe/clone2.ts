import { SimSource } from "../market/sim/mod.ts";
import { Analyzer } from "../actors/analyzer/analyzer.ts";
import { candleBatchOf, createMessage } from "../messages/mod.ts";
const S = { exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" };
const sim = new SimSource({ seed: "x" });
const cs = await sim.fetchClosed(S, Date.UTC(2024, 0, 1), 1000, Number.MAX_SAFE_INTEGER);
const an = new Analyzer({
  source: "a",
  history: async function* () {},
  hasBetween: () => Promise.resolve(false),
});
const cm = createMessage("candle_batch", candleBatchOf(cs), { source: "c", key: "k", now: 0 });
const am = (await an.onCandles(cm, 0))!;
for (const [name, m] of [["candle_batch", cm], ["analysis_batch", am]] as const) {
  for (let i = 0; i < 50; i++) structuredClone(m);
  const t = performance.now();
  for (let i = 0; i < 300; i++) structuredClone(m);
  console.log(name, ((performance.now() - t) * 1000 / 300).toFixed(0), "µs per clone");
}
await sim.close();
{
  const once = structuredClone(am);
  for (let i = 0; i < 20; i++) structuredClone(once);
  const t = performance.now();
  for (let i = 0; i < 100; i++) structuredClone(once);
  console.log(
    "analysis_batch already cloned once:",
    ((performance.now() - t) * 1000 / 100).toFixed(0),
    "µs per clone",
  );
  const f = new Float64Array(1000).fill(1.5);
  const fm = { a: Array.from({ length: 25 }, () => f.slice()) };
  for (let i = 0; i < 20; i++) structuredClone(fm);
  const t2 = performance.now();
  for (let i = 0; i < 100; i++) structuredClone(fm);
  console.log(
    "25 Float64Array(1000):",
    ((performance.now() - t2) * 1000 / 100).toFixed(0),
    "µs per clone",
  );
}
