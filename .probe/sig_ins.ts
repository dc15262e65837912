import { DatabaseSync } from "node:sqlite";
import { openStore } from "../store/mod.ts";
import { SQLITE_FILE } from "../store/sqlite/store.ts";
import * as sql from "../store/sql.ts";
import * as columns from "../store/columns.ts";
const dir = await Deno.makeTempDir();
const store = await openStore({ dataDir: dir });
await store.close();
const db = new DatabaseSync(`${dir}/${SQLITE_FILE}`);
const ind: Record<string, number | null> = {};
for (let k = 0; k < 19; k++) ind[`ind_${k}`] = k % 5 ? Math.random() * 1000 : null;
const sig = (i: number, strat: string) => ({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1m", strategy: strat, openTime: i * 60000, side: i % 2 ? "buy" : "sell", strength: 0.5, price: 100 + i, reason: "RSI 31 crossed up through 30", indicators: { rsi: 31, sma: 100 } }) as any;
const sigBig = (i: number, strat: string) => ({ ...sig(i, strat), indicators: ind });
for (const [name, make, mode] of [["small get", sig, "get"], ["small run", sig, "run"], ["19-ind get", sigBig, "get"]] as const) {
  db.exec("DELETE FROM signals");
  const st = db.prepare(sql.INSERT_SIGNAL);
  const N = 27000;
  const t = performance.now();
  db.exec("BEGIN IMMEDIATE");
  for (let i = 0; i < N; i++) {
    const v = columns.signalValues(make(i, "s" + (i % 4))) as any[];
    if (mode === "get") st.get(...v); else st.run(...v);
  }
  db.exec("COMMIT");
  console.log(name, ((performance.now() - t) * 1000 / N).toFixed(2), "µs/insert");
}
db.close();
await Deno.remove(dir, { recursive: true });
