import { DatabaseSync } from "node:sqlite";
const db = new DatabaseSync(":memory:");
for (
  const q of [
    "PRAGMA data_version",
    "SELECT total_changes() AS c",
    "SELECT (SELECT data_version FROM pragma_data_version) AS v, total_changes() AS c",
    "SELECT 1",
  ]
) {
  const s = db.prepare(q);
  for (let i = 0; i < 1000; i++) s.get();
  const t = performance.now();
  for (let i = 0; i < 100000; i++) s.get();
  console.log(q, ((performance.now() - t) * 10).toFixed(2), "µs");
}
