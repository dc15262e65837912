import { getLogger } from "@logtape/logtape";
import { assert, assertEquals } from "../../tests/assert.ts";
import { validateConfig } from "../../config/mod.ts";
import { SimSource } from "../../market/sim/mod.ts";
import type { Analysis, Candle, Series, Signal } from "../../messages/mod.ts";
import { resolveStrategies } from "../../strategies/mod.ts";
import { analyse } from "../../strategies/replay.ts";
import { type DeskStore, TradingDesk } from "./desk.ts";

const config = validateConfig({});
const strategies = resolveStrategies(config.strategies);

async function series(
  symbol: string,
  n: number,
): Promise<{ candles: Candle[]; analyses: Analysis[] }> {
  const sim = new SimSource({ seed: "desk-test" });
  const s: Series = { exchange: "sim", symbol, timeframe: "1m" };
  const candles = await sim.fetchClosed(s, Date.UTC(2024, 0, 1), n, Number.MAX_SAFE_INTEGER);
  await sim.close();
  return { candles, analyses: analyse(candles) };
}

/** The desk's storage dependency, kept in memory: signals by key, no paper state. */
function memoryStore() {
  const signals = new Map<string, Signal>();
  const store: DeskStore = {
    applyTrading: (writes) => {
      const fresh: boolean[] = [];
      for (const write of writes) {
        if (!("signal" in write)) continue;
        const s = write.signal;
        const key = `${s.strategy}|${s.symbol}|${s.openTime}`;
        fresh.push(!signals.has(key));
        if (!signals.has(key)) signals.set(key, s);
      }
      return Promise.resolve(fresh);
    },
    tradingProgress: () => Promise.resolve(null),
    wallet: () => Promise.resolve(null),
    positions: () => Promise.resolve([]),
  };
  return { store, signals };
}

async function run(
  stored: Candle[],
  analyses: Analysis[],
  symbols?: (string[] | undefined)[],
) {
  const { store, signals } = memoryStore();
  const desk = await TradingDesk.open({
    strategies,
    symbols,
    paper: config.paper,
    store,
    history: async function* (s, before) {
      yield stored.filter((c) => c.symbol === s.symbol && c.openTime < before);
    },
    hasBetween: (s, after, before) =>
      Promise.resolve(
        stored.some((c) => c.symbol === s.symbol && c.openTime > after && c.openTime < before),
      ),
    log: getLogger(["ct", "test"]),
  });
  for (const a of analyses) await desk.onAnalysis(a);
  return [...signals.values()];
}

Deno.test("a desk started mid-series emits the same signals as one that saw it all", async () => {
  const { candles, analyses } = await series("BTC/USDT", 600);
  const all = await run(candles, analyses);
  const late = await run(candles, analyses.slice(300));
  assert(all.length > 10, `expected signals, got ${all.length}`);
  assertEquals(late, all.filter((s) => s.openTime >= analyses[300]!.openTime));
});

Deno.test("a strategy enabled for some symbols signals only on those", async () => {
  const btc = await series("BTC/USDT", 400);
  const eth = await series("ETH/USDT", 400);
  const stored = [...btc.candles, ...eth.candles];
  const analyses = btc.analyses.flatMap((a, i) => [a, eth.analyses[i]!]);
  const only = strategies.map((_, i) => i === 0 ? ["ETH/USDT"] : undefined);
  const signals = await run(stored, analyses, only);
  const first = strategies[0]!.name;
  assert(signals.some((s) => s.strategy === first), `${first} never signalled`);
  assertEquals(signals.filter((s) => s.strategy === first && s.symbol !== "ETH/USDT"), []);
  assert(signals.some((s) => s.strategy !== first && s.symbol === "BTC/USDT"));
});
