import { DatabaseSync } from "node:sqlite";
import { SQLITE_MIGRATIONS } from "../store/sqlite/migrations.ts";
import * as sql from "../store/sql.ts";
import * as columns from "../store/columns.ts";
const sig = (i: number, strat: string) => ({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1m", strategy: strat, openTime: i * 60000, side: i % 2 ? "buy" : "sell", strength: 0.5, price: 100 + i, reason: "RSI 31 crossed up through 30", indicators: { rsi: 31, sma: 100 } }) as any;
const N = 27000;
const vals: any[][] = Array.from({ length: N }, (_, i) => columns.signalValues(sig(i, "s" + (i % 4))) as any[]);
console.log(sql.INSERT_SIGNAL);
for (const K of [1, 10, 50, 100]) {
  const db = new DatabaseSync(":memory:");
  for (const m of SQLITE_MIGRATIONS.slice(0, 2)) db.exec(m.sql);
  const one = "(" + Array(vals[0]!.length).fill("?").join(", ") + ")";
  const text = sql.INSERT_SIGNAL.replace(/VALUES \(.*?\)/s, "VALUES " + Array(K).fill(one).join(", ")).replace("RETURNING id", "RETURNING strategy, open_time");
  const st = db.prepare(text);
  const t = performance.now();
  db.exec("BEGIN");
  let got = 0;
  for (let i = 0; i + K <= N; i += K) got += st.all(...vals.slice(i, i + K).flat()).length;
  db.exec("COMMIT");
  console.log(K, ((performance.now() - t) * 1000 / N).toFixed(2), "µs/row", got);
}
