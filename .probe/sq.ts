import { DatabaseSync } from "node:sqlite";
const db = new DatabaseSync(":memory:");
db.exec("CREATE TABLE t (a INTEGER, b TEXT, c REAL) STRICT; CREATE TABLE u (a INTEGER, b TEXT, c REAL, UNIQUE (b, a)) STRICT;");
for (const tbl of ["t", "u"]) {
  const st = db.prepare(`INSERT INTO ${tbl} (a, b, c) VALUES (?, ?, ?)`);
  const N = 50000;
  db.exec("BEGIN");
  const t = performance.now();
  for (let i = 0; i < N; i++) st.run(i, "binance", i * 1.5);
  db.exec("COMMIT");
  console.log(tbl, ((performance.now() - t) * 1000 / N).toFixed(2), "µs/row");
}
