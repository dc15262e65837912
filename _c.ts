import { Collector } from "./actors/collector/collector.ts";
import { ReplaySource } from "./market/replay/mod.ts";
import { scaledClock } from "./lib/clock.ts";
import { replayFile } from "./tests/pipeline_harness.ts";
const f = await replayFile(3000);
const src = await ReplaySource.open({ path: f.path, symbol: "BTC/USDT", timeframe: "1m" });
let n = 0;
let last = 0;
const ac = new AbortController();
const first = f.candles[0]!.openTime;
const clock = scaledClock({ start: first + 1000 * 60000 + 30000, speed: 30000 });
const c = new Collector({
  source: src,
  clock,
  signal: ac.signal,
  watchlist: [{ exchange: "binance", symbol: "BTC/USDT", timeframe: "1m" }],
  backfillDepth: 1000,
  sink: {
    lastCandleTime: async () => null,
    upsertCandles: async (cs) => {
      n += cs.length;
      last = cs.at(-1)!.openTime;
    },
  },
  publish: async () => {},
});
const done = c.run();
for (let i = 0; i < 6; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  console.log(
    n,
    (last - first) / 60000,
    (clock.now() - first) / 60000,
    JSON.stringify(c.stats()[0]),
  );
}
ac.abort();
await done;
