import { DatabaseSync } from "node:sqlite";
import { SQLITE_MIGRATIONS } from "../store/sqlite/migrations.ts";
import * as sql from "../store/sql.ts";
import * as columns from "../store/columns.ts";
const sig = (i: number, strat: string) => ({ exchange: "binance", symbol: "BTC/USDT", timeframe: "1m", strategy: strat, openTime: i * 60000, side: i % 2 ? "buy" : "sell", strength: 0.5, price: 100 + i, reason: "RSI 31 crossed up through 30", indicators: { rsi: 31, sma: 100 } }) as any;
for (const dropIdx of [false, true]) {
  const db = new DatabaseSync(":memory:");
  for (const m of SQLITE_MIGRATIONS.slice(0, 2)) db.exec(m.sql);
  if (dropIdx) db.exec("DROP INDEX signals_time; DROP INDEX signals_symbol_time; DROP INDEX signals_strategy_time;");
  const st = db.prepare(sql.INSERT_SIGNAL);
  const N = 27000;
  const vals = Array.from({ length: N }, (_, i) => columns.signalValues(sig(i, "s" + (i % 4))) as any[]);
  const t = performance.now();
  db.exec("BEGIN");
  for (let i = 0; i < N; i++) st.run(...vals[i]);
  db.exec("COMMIT");
  console.log(dropIdx ? "no extra indexes" : "all indexes", ((performance.now() - t) * 1000 / N).toFixed(2), "µs/insert (memory)");
  const t2 = performance.now();
  for (let i = 0; i < N; i++) columns.signalValues(sig(i, "s"));
  console.log("signalValues", ((performance.now() - t2) * 1000 / N).toFixed(2), "µs");
}
