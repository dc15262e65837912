/**
 * Candle upsert throughput of each store backend against the fastest raw
 * driver approach measured for it. Rows/s = 10,000 × iter/s.
 *
 * Every iteration writes 10k candles with new open times (inserts, the
 * recorder's common case) into tables with the production schema.
 *
 * Needs PostgreSQL at 127.0.0.1:5432 (user postgres) for the postgres group;
 * without it that group is skipped.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import postgres from "postgres";
import type { Candle } from "../messages/mod.ts";
import { openPostgresStore, openSqliteStore, type Store } from "../store/mod.ts";

const ROWS = 10_000;
const SERVER = "postgres://postgres@127.0.0.1:5432";
const MIN = 60_000;

let batches = 0;
/** A fresh 10k-row batch for `exchange`, later in time than every earlier one. */
function batch(exchange: string): Candle[] {
  const start = ++batches * ROWS * MIN;
  return Array.from({ length: ROWS }, (_, i) => {
    const close = 40_000 + Math.sin(i) * 100;
    return {
      exchange,
      symbol: "BTC/USDT",
      timeframe: "1m",
      openTime: start + i * MIN,
      open: close - 5,
      high: close + 10,
      low: close - 10,
      close,
      volume: 1.5 + i / 1000,
    };
  });
}

// --- SQLite -----------------------------------------------------------------
const dataDir = Deno.makeTempDirSync({ prefix: "ct-store-bench-" });
const sqliteStore = await openSqliteStore({ dataDir });
await sqliteStore.migrate();
// The raw baseline writes through its own connection to the same file and table.
const raw = new DatabaseSync(sqliteStore.path);
raw.exec("PRAGMA synchronous = NORMAL");
const rawUpsert = raw.prepare(
  `INSERT INTO candles (exchange, symbol, timeframe, open_time, open, high, low, close, volume)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (exchange, symbol, timeframe, open_time) DO UPDATE SET open = excluded.open,
   high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume`,
);

// --- PostgreSQL -------------------------------------------------------------
const database = `ct_bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
let pgStore: Store | undefined;
let pgRaw: postgres.Sql | undefined;
try {
  const admin = postgres(`${SERVER}/postgres`, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await admin.unsafe(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  pgStore = await openPostgresStore({ databaseUrl: `${SERVER}/${database}` });
  await pgStore.migrate();
  pgRaw = postgres(`${SERVER}/${database}`, { max: 1 });
} catch {
  pgStore = undefined; // no server: the postgres group is ignored below
}

/** COPY text format: tab-separated, one row per line. */
function copyText(candles: Candle[]): string {
  let text = "";
  for (const c of candles) {
    text +=
      `${c.exchange}\t${c.symbol}\t${c.timeframe}\t${c.openTime}\t${c.open}\t${c.high}\t${c.low}\t${c.close}\t${c.volume}\n`;
  }
  return text;
}

// Deno.bench has no async teardown and `unload` cannot await, so cleanup is
// synchronous: the SQLite files are removed directly, and the database is
// dropped by a short child process (WITH (FORCE) ends our still-open pools).
globalThis.addEventListener("unload", () => {
  raw.close();
  void sqliteStore.close();
  Deno.removeSync(dataDir, { recursive: true });
  if (pgStore === undefined) return;
  const config = new URL("../deno.json", import.meta.url).pathname;
  const drop = `import postgres from "postgres";
    const sql = postgres("${SERVER}/postgres", { max: 1, onnotice: () => {} });
    await sql.unsafe("DROP DATABASE IF EXISTS ${database} WITH (FORCE)");
    await sql.end();`;
  new Deno.Command(Deno.execPath(), { args: ["eval", "--config", config, drop] }).outputSync();
});

Deno.bench({
  name: "sqlite raw: prepared single-row upsert loop in one transaction",
  group: "candle upsert 10k rows: sqlite",
  baseline: true,
  n: 30,
  warmup: 3,
  fn(b) {
    const candles = batch("raw");
    b.start();
    raw.exec("BEGIN");
    for (const c of candles) {
      rawUpsert.run(
        c.exchange,
        c.symbol,
        c.timeframe,
        c.openTime,
        c.open,
        c.high,
        c.low,
        c.close,
        c.volume,
      );
    }
    raw.exec("COMMIT");
    b.end();
  },
});

Deno.bench({
  name: "sqlite store.upsertCandles",
  group: "candle upsert 10k rows: sqlite",
  n: 30,
  warmup: 3,
  async fn(b) {
    const candles = batch("store");
    b.start();
    await sqliteStore.upsertCandles(candles);
    b.end();
  },
});

Deno.bench({
  name: "postgres raw: COPY FROM STDIN (no conflict handling)",
  group: "candle upsert 10k rows: postgres",
  baseline: true,
  ignore: pgStore === undefined,
  n: 20,
  warmup: 3,
  async fn(b) {
    const text = copyText(batch("raw"));
    b.start();
    const stream = await pgRaw!.unsafe(
      "COPY candles (exchange, symbol, timeframe, open_time, open, high, low, close, volume) FROM STDIN",
    ).writable();
    await new Promise<void>((resolve, reject) => {
      stream.on("error", reject);
      stream.on("finish", resolve);
      stream.end(text);
    });
    b.end();
  },
});

// The two alternatives measured before choosing unnest with hand-built array
// literals; kept so the choice can be re-checked on other hardware.
const CONFLICT = `ON CONFLICT (exchange, symbol, timeframe, open_time) DO UPDATE SET
  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
  volume = excluded.volume`;

Deno.bench({
  name: "postgres alt: COPY into a temp table, then INSERT ... ON CONFLICT",
  group: "candle upsert 10k rows: postgres",
  ignore: pgStore === undefined,
  n: 20,
  warmup: 3,
  async fn(b) {
    const text = copyText(batch("copy-merge"));
    b.start();
    await pgRaw!.begin(async (tx) => {
      await tx.unsafe("CREATE TEMP TABLE candles_in (LIKE candles) ON COMMIT DROP");
      const stream = await tx.unsafe("COPY candles_in FROM STDIN").writable();
      await new Promise<void>((resolve, reject) => {
        stream.on("error", reject);
        stream.on("finish", resolve);
        stream.end(text);
      });
      await tx.unsafe(`INSERT INTO candles SELECT * FROM candles_in ${CONFLICT}`);
    });
    b.end();
  },
});

Deno.bench({
  name: "postgres alt: unnest with postgresjs' own array serialisation",
  group: "candle upsert 10k rows: postgres",
  ignore: pgStore === undefined,
  n: 20,
  warmup: 3,
  async fn(b) {
    const candles = batch("unnest-js");
    b.start();
    const columns = (pick: (c: Candle) => string | number) => candles.map(pick);
    await pgRaw!.unsafe(
      `INSERT INTO candles SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[],
        $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[]) ${CONFLICT}`,
      [
        columns((c) => c.exchange),
        columns((c) => c.symbol),
        columns((c) => c.timeframe),
        columns((c) => c.openTime),
        columns((c) => c.open),
        columns((c) => c.high),
        columns((c) => c.low),
        columns((c) => c.close),
        columns((c) => c.volume),
      ],
      { prepare: true },
    );
    b.end();
  },
});

Deno.bench({
  name: "postgres store.upsertCandles (unnest + ON CONFLICT)",
  group: "candle upsert 10k rows: postgres",
  ignore: pgStore === undefined,
  n: 20,
  warmup: 3,
  async fn(b) {
    const candles = batch("store");
    b.start();
    await pgStore!.upsertCandles(candles);
    b.end();
  },
});
